//! Harness for end-to-end tests: starts tauri-driver for the built app with its own workspace
//! folder, connects a WebDriver client, and saves screenshots under `target/e2e-screenshots/`.
//!
//! Expects the app built with `--features tauri/custom-protocol` (scripts/test does it) and
//! `tauri-driver` plus `WebKitWebDriver` installed (scripts/setup does it).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use fantoccini::{Client, ClientBuilder, Locator};

/// The workspace's `target/` folder.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

/// The app binary under test (`PORTAL_ADMIN_APP` overrides).
pub fn app_binary() -> PathBuf {
    std::env::var_os("PORTAL_ADMIN_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug/portal-admin-center"))
}

/// The CLI binary, to change the workspace from outside while the app runs.
pub fn cli_binary() -> PathBuf {
    target_dir().join("debug/portal-admin")
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn tauri_driver() -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
    let installed = home.join(".cargo/bin/tauri-driver");
    if installed.exists() {
        installed
    } else {
        PathBuf::from("tauri-driver")
    }
}

/// A running app under tauri-driver, with its own workspace folder.
pub struct App {
    pub client: Client,
    pub data_dir: tempfile::TempDir,
    driver: Child,
    shots: PathBuf,
}

impl App {
    /// Starts the app on a fresh workspace folder (so its first run seeds the demo portal).
    pub async fn start() -> Result<App> {
        Self::start_in(tempfile::tempdir()?).await
    }

    /// Starts the app on a workspace folder the test prepared.
    pub async fn start_in(data_dir: tempfile::TempDir) -> Result<App> {
        let app = app_binary();
        // An app that is still going away holds the single-instance name: a new one would hand
        // its arguments to it and exit.
        let deadline = Instant::now() + Duration::from_secs(30);
        while single_instance_held() {
            if Instant::now() > deadline {
                bail!("an earlier app still holds the single-instance D-Bus name after 30 s");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if !app.exists() {
            bail!(
                "{} is missing: build it with `cargo build -p portal-admin-desktop --features tauri/custom-protocol`",
                app.display()
            );
        }
        let port = free_port()?;
        let native_port = free_port()?;
        let driver = Command::new(tauri_driver())
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
            .env("PORTAL_ADMIN_HOME", data_dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .context("cannot start tauri-driver (run scripts/setup)")?;

        // Wait until the driver accepts connections.
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                bail!("tauri-driver did not listen on port {port} within 30 s");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        let mut caps = serde_json::Map::new();
        caps.insert("tauri:options".into(), serde_json::json!({ "application": app.to_string_lossy() }));
        caps.insert("browserName".into(), "wry".into());
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .context("cannot open a WebDriver session on the app")?;
        let shots = target_dir().join("e2e-screenshots");
        std::fs::create_dir_all(&shots)?;
        Ok(App { client, data_dir, driver, shots })
    }

    /// Waits (up to 20 s) for an element matching the CSS selector.
    pub async fn find(&self, css: &str) -> Result<fantoccini::elements::Element> {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("no element matches {css}"))
    }

    /// Waits (up to 20 s) until the page's text contains `text`.
    pub async fn wait_for_text(&self, text: &str) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            // innerText: rendered text, including cells clipped with an ellipsis (WebDriver's
            // element text drops those in WebKit).
            let body = self.client.execute("return document.body.innerText;", vec![]).await?;
            let body = body.as_str().unwrap_or_default().to_owned();
            if body.contains(text) {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("the page never showed {text:?}; it shows:\n{body}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits (up to 20 s) until no element matches the CSS selector.
    pub async fn wait_gone(&self, css: &str) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !self.client.find_all(Locator::Css(css)).await?.is_empty() {
            if Instant::now() > deadline {
                bail!("{css} is still shown after 20 s");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(())
    }

    /// Clicks the element matching the CSS selector once it exists.
    pub async fn click(&self, css: &str) -> Result<()> {
        self.find(css).await?.click().await?;
        Ok(())
    }

    /// Clicks through the DOM instead of the pointer: for Fluent's radio inputs (transparent
    /// overlays WebDriver may judge not interactable) and for elements that asynchronous banners
    /// may move between finding and clicking.
    pub async fn click_by_script(&self, css: &str) -> Result<()> {
        self.find(css).await?;
        self.client.execute(&format!("document.querySelector({css:?}).click();"), vec![]).await?;
        Ok(())
    }

    /// Clicks, through the DOM, the button labelled `label` inside the element matching `within`
    /// (a dialog's Cancel or Close, which have no test ids of their own).
    pub async fn click_button(&self, within: &str, label: &str) -> Result<()> {
        self.find(within).await?;
        let script = format!(
            "const b = Array.from(document.querySelectorAll({:?})).find((b) => b.textContent.trim() === {label:?});
             if (!b) return false; b.click(); return true;",
            format!("{within} button")
        );
        let clicked = self.client.execute(&script, vec![]).await?;
        anyhow::ensure!(clicked == serde_json::Value::Bool(true), "no button {label:?} in {within}");
        Ok(())
    }

    /// Saves a screenshot as `target/e2e-screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        // WebKitWebDriver can return the previous frame right after a DOM change: wait until CSS
        // transitions have finished (at most 2 s) and the page has painted twice more.
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const settled = () => document.getAnimations().every((a) => a.playState !== 'running');
                 const started = performance.now();
                 const wait = () => {
                   if (settled() || performance.now() - started > 2000) {
                     requestAnimationFrame(() => requestAnimationFrame(() => done(true)));
                   } else {
                     requestAnimationFrame(wait);
                   }
                 };
                 wait();",
                vec![],
            )
            .await?;
        let png = self.client.screenshot().await?;
        let path = self.shots.join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Scrolls the element matching the CSS selector into view; `block` is where it lands
    /// (`start`, `center`, `end`, `nearest`).
    pub async fn scroll_into_view(&self, css: &str, block: &str) -> Result<()> {
        self.find(css).await?;
        let script = format!("document.querySelector({css:?}).scrollIntoView({{block: {block:?}}});");
        self.client.execute(&script, vec![]).await?;
        Ok(())
    }

    /// Types into an input (clearing it first).
    pub async fn fill(&self, css: &str, text: &str) -> Result<()> {
        let input = self.find(css).await?;
        input.clear().await?;
        input.send_keys(text).await?;
        Ok(())
    }

    /// Ends the session and waits until the app has exited: the next test's app would otherwise
    /// find this one still holding the single-instance name and hand its arguments over to it.
    pub async fn stop(mut self) -> Result<()> {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let running = app_processes();
            if running.is_empty() && !single_instance_held() {
                break;
            }
            if Instant::now() > deadline {
                for pid in running {
                    let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(())
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

/// Processes running the app binary (read from /proc).
fn app_processes() -> Vec<u32> {
    let Ok(binary) = app_binary().canonicalize() else { return Vec::new() };
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()))
        .filter(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == binary))
        .collect()
}

/// Whether some process owns the app's single-instance name on the session bus (the plugin names
/// it after the identifier in tauri.conf.json). False when there is no session bus to ask.
fn single_instance_held() -> bool {
    let Ok(out) = Command::new("dbus-send")
        .args(["--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus"])
        .arg("org.freedesktop.DBus.ListNames")
        .output()
    else {
        return false;
    };
    out.status.success()
        && String::from_utf8_lossy(&out.stdout).contains("com.portaladmincenter.desktop.SingleInstance")
}
