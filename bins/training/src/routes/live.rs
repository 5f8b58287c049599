//! Live progress over WebSocket: `/ws/training` (every job) and `/ws/training/{job_id}` (one
//! job: its current state first, then its events; closed after it ends). Each message is a
//! [`JobEvent`] as JSON, the same payload MQTT carries on `homeai/training/jobs/{job_id}`.

use std::time::Duration;

use actix_web::{HttpRequest, HttpResponse, get, web};
use actix_ws::{AggregatedMessage, Session};
use futures_util::StreamExt;
use homeai_db::repo;
use homeai_web::ServiceContext;
use tokio::sync::broadcast;

use crate::events::JobEvent;
use crate::worker::Queue;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(all_jobs).service(one_job);
}

#[get("/ws/training")]
async fn all_jobs(
    req: HttpRequest,
    body: web::Payload,
    queue: web::Data<Queue>,
) -> actix_web::Result<HttpResponse> {
    let (response, session, stream) = actix_ws::handle(&req, body)?;
    let events = queue.events.subscribe();
    actix_web::rt::spawn(forward(session, stream, events, None, None));
    Ok(response)
}

#[get("/ws/training/{job_id}")]
async fn one_job(
    req: HttpRequest,
    body: web::Payload,
    path: web::Path<i64>,
    ctx: web::Data<ServiceContext>,
    queue: web::Data<Queue>,
) -> actix_web::Result<HttpResponse> {
    let id = path.into_inner();
    // subscribe before reading the row, so no event falls between the two
    let events = queue.events.subscribe();
    let job = ctx
        .db
        .run(move |c| repo::training_jobs::get(c, id))
        .await
        .map_err(|e| crate::routes::jobs::not_found_as(id, e))?;
    let (response, session, stream) = actix_ws::handle(&req, body)?;
    let snapshot = JobEvent::of("snapshot", &job);
    actix_web::rt::spawn(forward(session, stream, events, Some(id), Some(snapshot)));
    Ok(response)
}

/// Sends events (of `job`, when given) until the client goes away; answers pings; for one job,
/// closes after its last event.
async fn forward(
    mut session: Session,
    stream: actix_ws::MessageStream,
    mut events: broadcast::Receiver<JobEvent>,
    job: Option<i64>,
    first: Option<JobEvent>,
) {
    let mut stream = stream
        .aggregate_continuations()
        .max_continuation_size(64 * 1024);
    if let Some(event) = first {
        let done = event.status.is_terminal();
        if send(&mut session, &event).await.is_err() {
            return;
        }
        if done {
            let _ = session.close(None).await;
            return;
        }
    }
    let mut heartbeat = tokio::time::interval(Duration::from_secs(20));
    loop {
        tokio::select! {
            event = events.recv() => match event {
                Ok(event) => {
                    if job.is_some_and(|id| id != event.job_id) {
                        continue;
                    }
                    if send(&mut session, &event).await.is_err() {
                        return;
                    }
                    if job.is_some() && event.status.is_terminal() {
                        break;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(n)) => {
                    tracing::warn!(skipped = n, "a WebSocket client fell behind; events skipped");
                }
                Err(broadcast::error::RecvError::Closed) => break,
            },
            msg = stream.next() => match msg {
                Some(Ok(AggregatedMessage::Ping(bytes))) => {
                    if session.pong(&bytes).await.is_err() {
                        return;
                    }
                }
                Some(Ok(AggregatedMessage::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => {}
            },
            _ = heartbeat.tick() => {
                if session.ping(b"").await.is_err() {
                    return;
                }
            }
        }
    }
    let _ = session.close(None).await;
}

async fn send(session: &mut Session, event: &JobEvent) -> Result<(), actix_ws::Closed> {
    let text = serde_json::to_string(event).unwrap_or_default();
    session.text(text).await
}
