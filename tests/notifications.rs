//! Desktop notifications reach a real D-Bus notification service, and a hung service never
//! blocks the watch. Each case runs its own `dbus-daemon` with a small
//! `org.freedesktop.Notifications` server written with zbus.

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portal_admin::domain::key::Severity;
use portal_admin::notify::{DesktopNotifier, Notice, Notifier, DELIVERY_TIMEOUT};

struct Bus {
    daemon: Child,
    address: String,
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

fn start_bus() -> Bus {
    use std::io::BufRead;
    let mut daemon = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address=1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("dbus-daemon is installed (scripts/setup)");
    let mut line = String::new();
    std::io::BufReader::new(daemon.stdout.take().unwrap()).read_line(&mut line).unwrap();
    Bus { daemon, address: line.trim().to_owned() }
}

#[derive(Default, Clone)]
struct Received(Arc<Mutex<Vec<(String, String, String)>>>);

struct Server {
    received: Received,
    hang: bool,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Server {
    #[allow(clippy::too_many_arguments)]
    async fn notify(
        &self,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        _actions: Vec<String>,
        _hints: HashMap<String, zbus::zvariant::OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        if self.hang {
            std::future::pending::<()>().await;
        }
        let mut received = self.received.0.lock().unwrap();
        received.push((app_name, summary, body));
        received.len() as u32
    }

    fn get_capabilities(&self) -> Vec<String> {
        vec!["body".into()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        ("test".into(), "portal-admin".into(), "1".into(), "1.2".into())
    }

    /// What a notification server sends when the user clicks a notification.
    #[zbus(signal)]
    async fn action_invoked(
        emitter: &zbus::object_server::SignalEmitter<'_>,
        id: u32,
        action_key: &str,
    ) -> zbus::Result<()>;
}

async fn serve(bus: &Bus, hang: bool) -> (zbus::Connection, Received) {
    let received = Received::default();
    let connection = zbus::connection::Builder::address(bus.address.as_str())
        .unwrap()
        .name("org.freedesktop.Notifications")
        .unwrap()
        .serve_at("/org/freedesktop/Notifications", Server { received: received.clone(), hang })
        .unwrap()
        .build()
        .await
        .unwrap();
    (connection, received)
}

fn notice() -> Notice {
    Notice {
        portal_id: "3f6e1c2a-9b7d-4e8f-a1c5-7d2e9b4f6a08".parse().unwrap(),
        portal_name: "Contoso".into(),
        subject: portal_admin::notify::NoticeSubject::AuthKey,
        milestone: "7d-before".into(),
        thumbprint: "2542C8E4E6B5CA7BF118EFE92694B7995258DFC8".into(),
        severity: Severity::Critical,
        title: "Contoso: authentication key expires in 7 days".into(),
        body: "It expires on 2027-01-01 00:00 UTC.".into(),
    }
}

// One test: the session bus address is process-wide.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notice_reaches_the_notification_service_and_a_hung_service_times_out() {
    let bus = start_bus();
    let (server, received) = serve(&bus, false).await;
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &bus.address);
    let channel = DesktopNotifier::default().deliver(&notice()).await;
    assert_eq!(channel, Ok("desktop".to_owned()));
    let got = received.0.lock().unwrap().clone();
    assert_eq!(
        got,
        vec![(
            "Portal Admin Center".to_owned(),
            "Contoso: authentication key expires in 7 days".to_owned(),
            "It expires on 2027-01-01 00:00 UTC.".to_owned()
        )]
    );

    let hung_bus = start_bus();
    let (_hung, hung_received) = serve(&hung_bus, true).await;
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &hung_bus.address);
    let started = Instant::now();
    let result = tokio::time::timeout(DELIVERY_TIMEOUT * 3, DesktopNotifier::default().deliver(&notice()))
        .await
        .expect("delivery gives up by itself");
    let err = result.unwrap_err();
    assert!(err.contains("did not answer"), "{err}");
    assert!(started.elapsed() >= DELIVERY_TIMEOUT - Duration::from_millis(100));
    assert!(hung_received.0.lock().unwrap().is_empty());

    // Clicking a notice runs the activation callback with that notice (the app opens the key page).
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &bus.address);
    let activated: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = activated.clone();
    let notifier = DesktopNotifier {
        on_activate: Some(Arc::new(move |n: &Notice| seen.lock().unwrap().push(n.milestone.clone()))),
    };
    assert_eq!(notifier.deliver(&notice()).await, Ok("desktop".to_owned()));
    let id = received.0.lock().unwrap().len() as u32;
    let iface = server.object_server().interface::<_, Server>("/org/freedesktop/Notifications").await.unwrap();
    // The notifier subscribes to the signal after showing: click until it has heard one.
    let deadline = Instant::now() + Duration::from_secs(10);
    while activated.lock().unwrap().is_empty() {
        assert!(Instant::now() < deadline, "the activation callback never ran");
        Server::action_invoked(iface.signal_emitter(), id, "default").await.unwrap();
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(activated.lock().unwrap()[0], "7d-before");

    // No service at all: a quick, specific failure.
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
    let err = DesktopNotifier::default().deliver(&notice()).await.unwrap_err();
    assert!(err.contains("no desktop notification service"), "{err}");
}
