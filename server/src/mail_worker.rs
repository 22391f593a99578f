//! The mail worker: a tokio task started by `keyport serve` that delivers the outbox over SMTP,
//! retrying failed messages with exponential backoff (`service::mail::backoff`).
//!
//! Without `KEYPORT_SMTP_URL` no worker runs: messages stay in the outbox and vendor staff read
//! them at `/vendor/outbox`.

use std::time::Duration;

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, header::ContentType},
    transport::smtp::authentication::Credentials,
};
use service::{Db, mail};
use tracing::{info, warn};

/// How often the worker looks for due messages.
const POLL: Duration = Duration::from_secs(2);
/// Messages per pass.
const BATCH: u64 = 20;

/// An SMTP connection description and the sender address.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// From `smtp://[user:password@]host[:port]` and a `From` address such as
    /// `Keyport <no-reply@example.com>`.
    pub fn new(smtp_url: &str, from: &str) -> Result<Self, String> {
        let target = SmtpTarget::parse(smtp_url)?;
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&target.host)
            .port(target.port)
            .timeout(Some(Duration::from_secs(10)));
        if let Some((user, password)) = target.credentials {
            builder = builder.credentials(Credentials::new(user, password));
        }
        let transport = builder.build();
        let from = from
            .parse()
            .map_err(|e| format!("KEYPORT_MAIL_FROM is not an email address: {e}"))?;
        Ok(Self { transport, from })
    }

    /// Delivers every due message once; returns how many were sent. A failure is recorded on
    /// the message (attempts, next attempt, error) and never stops the pass.
    pub async fn deliver_due(&self, db: &Db) -> Result<usize, service::ServiceError> {
        let mut sent = 0;
        for m in mail::due(db, BATCH).await? {
            match self.send(&m).await {
                Ok(()) => {
                    mail::mark_sent(db, m.id).await?;
                    info!(mail.id = %m.id, "Email delivered.");
                    sent += 1;
                }
                Err(e) => {
                    warn!(mail.id = %m.id, mail.attempts = m.attempts + 1, error = %e,
                          "Email delivery failed; it will be retried.");
                    mail::mark_failed(db, m.id, m.attempts, &e).await?;
                }
            }
        }
        Ok(sent)
    }

    async fn send(&self, m: &mail::Queued) -> Result<(), String> {
        let to: Mailbox = m.to.parse().map_err(|e| format!("bad recipient: {e}"))?;
        let email = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(m.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(m.body.clone())
            .map_err(|e| format!("cannot build the message: {e}"))?;
        self.transport
            .send(email)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// The parts of `smtp://[user[:password]@]host[:port]`.
#[derive(Debug, PartialEq, Eq)]
struct SmtpTarget {
    host: String,
    port: u16,
    credentials: Option<(String, String)>,
}

impl SmtpTarget {
    fn parse(url: &str) -> Result<Self, String> {
        let bad = || "KEYPORT_SMTP_URL must look like smtp://user:password@host:port".to_owned();
        let rest = url.trim().strip_prefix("smtp://").ok_or_else(bad)?;
        let rest = rest.trim_end_matches('/');
        let (userinfo, hostport) = match rest.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, rest),
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => (h, p.parse::<u16>().map_err(|_| bad())?),
            None => (hostport, 25),
        };
        if host.is_empty() {
            return Err(bad());
        }
        let credentials = userinfo.map(|u| match u.split_once(':') {
            Some((user, password)) => (user.to_owned(), password.to_owned()),
            None => (u.to_owned(), String::new()),
        });
        Ok(Self {
            host: host.to_owned(),
            port,
            credentials,
        })
    }
}

/// Runs the worker until the process ends.
pub fn spawn(db: Db, mailer: Mailer) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            if let Err(e) = mailer.deliver_due(&db).await {
                warn!(error = %e, "The mail worker could not read the outbox.");
            }
            tokio::time::sleep(POLL).await;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::SmtpTarget;

    #[test]
    fn smtp_urls_name_host_port_and_credentials() {
        assert_eq!(
            SmtpTarget::parse("smtp://mailer:s3cret@mail.example.com:2525").unwrap(),
            SmtpTarget {
                host: "mail.example.com".into(),
                port: 2525,
                credentials: Some(("mailer".into(), "s3cret".into())),
            }
        );
        let plain = SmtpTarget::parse("smtp://127.0.0.1").unwrap();
        assert_eq!((plain.port, plain.credentials), (25, None));
        for bad in ["", "http://x", "smtp://", "smtp://host:port", "smtp://:25"] {
            assert!(SmtpTarget::parse(bad).is_err(), "{bad}");
        }
    }
}
