//! A loopback HTTP server for tests that fetch documents (discovery, federation metadata): it
//! answers every request with 200 and the same body. Shared by the core's and the CLI's tests
//! through `#[path]`.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

/// Serves `body` as `content_type` on 127.0.0.1 until the test ends; returns the port.
pub fn serve(content_type: &'static str, body: impl Into<Vec<u8>>) -> u16 {
    let body: Vec<u8> = body.into();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            // Read the request head up to its blank line, then answer and close.
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    port
}
