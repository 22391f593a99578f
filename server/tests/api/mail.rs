//! The mail worker against a real SMTP server on loopback (Python's aiosmtpd).

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use sea_orm::EntityTrait;
use server::mail_worker::Mailer;
use service::{
    entities::outbox_message as outbox,
    mail::{self, Message},
};

use crate::helpers::TestApp;

/// A port nobody listens on (yet).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// aiosmtpd writing every message into the Maildir `dir`; killed on drop.
struct SmtpServer(Child);

impl SmtpServer {
    fn start(port: u16, dir: &Path) -> Self {
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs (scripts/setup.sh installs aiosmtpd)");
        let deadline = Instant::now() + Duration::from_secs(15);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "aiosmtpd did not listen on {port}: is it installed (scripts/setup.sh)?"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Self(child)
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[tokio::test]
async fn the_worker_retries_while_the_server_is_down_then_delivers_once() {
    let app = TestApp::new().await;
    let account = service::accounts::find_account(&app.db, "demo")
        .await
        .unwrap()
        .unwrap();
    let port = free_port();
    let mailer = Mailer::new(
        &format!("smtp://127.0.0.1:{port}"),
        "Demo Portal <no-reply@keyport.test>",
    )
    .unwrap();
    let id = mail::enqueue(
        &app.db,
        account.id,
        Message {
            to: "ines@acme.example".into(),
            subject: "Worker test subject".into(),
            body: "Set your password: https://portal.keyport.test/invitation/x\n".into(),
        },
    )
    .await
    .unwrap();

    // The server is down: the attempt is recorded and the message waits.
    assert_eq!(mailer.deliver_due(&app.db).await.unwrap(), 0);
    let row = outbox::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.status.as_str(), row.attempts), ("pending", 1));
    assert!(row.last_error.is_some());
    assert!(row.next_attempt_at > chrono::Utc::now(), "backoff");
    // Not due yet: nothing is tried.
    assert_eq!(mailer.deliver_due(&app.db).await.unwrap(), 0);
    let row = outbox::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.attempts, 1);

    let dir = std::env::temp_dir().join(format!("keyport-smtp-{}", uuid::Uuid::new_v4()));
    // aiosmtpd creates the Maildir (tmp/, new/, cur/) itself.
    let _server = SmtpServer::start(port, &dir);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let sent = mailer.deliver_due(&app.db).await.unwrap();
    let row = outbox::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(sent, 1, "{row:?}");
    assert_eq!((row.status.as_str(), row.attempts), ("sent", 2));
    assert!(row.sent_at.is_some() && row.last_error.is_none());
    // Sent messages are never sent again.
    assert_eq!(mailer.deliver_due(&app.db).await.unwrap(), 0);

    let delivered: Vec<String> = files_under(&dir)
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    assert_eq!(delivered.len(), 1, "one message on the SMTP server");
    assert!(delivered[0].contains("Subject: Worker test subject"));
    assert!(delivered[0].contains("ines@acme.example"));
    assert!(delivered[0].contains("https://portal.keyport.test/invitation/x"));
    let _ = std::fs::remove_dir_all(&dir);
}
