//! A supervised event stream that survives disconnects and HA restarts.

use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio::time::Instant;
use tracing::{Instrument, debug, info, warn};

use crate::ws::SUBSCRIPTION_BUFFER;
use crate::{HaClient, HaError, HaEvent, HaVersion, WsSession};

/// What the event stream yields.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamItem {
    /// Connected and subscribed (after every successful connect or reconnect): events from here
    /// on arrive; anything between the last `Disconnected` and now must be backfilled (e.g.
    /// from history).
    Connected { ha_version: HaVersion },
    /// An event of one of the subscribed types.
    Event(HaEvent),
    /// The connection was lost, or a (re)connect attempt failed; a retry follows.
    Disconnected { error: String },
}

/// How the stream behaves; [`EventStreamOptions::new`] gives the defaults.
#[derive(Debug, Clone)]
pub struct EventStreamOptions {
    /// Event types, one subscription each; empty means all events.
    pub event_types: Vec<String>,
    /// First reconnect delay (doubles per failure, plus up to a quarter of random jitter).
    pub reconnect_min: Duration,
    /// Cap of the reconnect delay.
    pub reconnect_max: Duration,
    /// A connection that stayed up this long resets the delay to `reconnect_min`.
    pub stable_after: Duration,
    /// How often to ping HA.
    pub heartbeat_interval: Duration,
    /// How long a ping may take before the socket is declared dead.
    pub heartbeat_timeout: Duration,
    /// Capacity of the channel to the consumer.
    pub buffer: usize,
}

impl EventStreamOptions {
    /// Backoff from 500 ms to `reconnect_max`, a ping every 20 s with a 10 s timeout.
    pub fn new(event_types: Vec<String>, reconnect_max: Duration) -> Self {
        Self {
            event_types,
            reconnect_min: Duration::from_millis(500),
            reconnect_max,
            stable_after: Duration::from_secs(30),
            heartbeat_interval: Duration::from_secs(20),
            heartbeat_timeout: Duration::from_secs(10),
            buffer: SUBSCRIPTION_BUFFER,
        }
    }
}

/// Connects, subscribes to each event type, and forwards events; on any failure (connect,
/// auth, subscribe, a closed socket, a heartbeat ping unanswered within 10 s; pings every
/// 20 s) it reports `Disconnected` and reconnects with exponential backoff (500 ms doubling up
/// to `reconnect_max`, plus random jitter), subscribing again each time. `Connected` is sent
/// after every successful (re)connect and subscribe. The task ends when the receiver is dropped.
pub fn spawn_event_stream(
    client: HaClient,
    event_types: Vec<String>,
    reconnect_max: Duration,
) -> (mpsc::Receiver<StreamItem>, JoinHandle<()>) {
    spawn_event_stream_with(client, EventStreamOptions::new(event_types, reconnect_max))
}

/// [`spawn_event_stream`] with every knob.
pub fn spawn_event_stream_with(
    client: HaClient,
    options: EventStreamOptions,
) -> (mpsc::Receiver<StreamItem>, JoinHandle<()>) {
    let (tx, rx) = mpsc::channel(options.buffer.max(1));
    let span = tracing::info_span!("ha_event_stream", url = %client.base_url());
    let handle = tokio::spawn(supervise(client, options, tx).instrument(span));
    (rx, handle)
}

async fn supervise(client: HaClient, opts: EventStreamOptions, tx: mpsc::Sender<StreamItem>) {
    let min = opts.reconnect_min.min(opts.reconnect_max);
    let mut delay = min;
    loop {
        let attempt = tokio::select! {
            _ = tx.closed() => return,
            r = connect_and_subscribe(&client, &opts) => r,
        };
        let error = match attempt {
            Ok((session, mut events)) => {
                let up_since = Instant::now();
                info!(ha_version = %session.ha_version(), "connected to Home Assistant");
                let connected = StreamItem::Connected {
                    ha_version: session.ha_version().clone(),
                };
                if tx.send(connected).await.is_err() {
                    return;
                }
                let Some(error) = pump(&session, &mut events, &tx, &opts).await else {
                    return;
                };
                if up_since.elapsed() >= opts.stable_after {
                    delay = min;
                }
                error
            }
            Err(e) => e.to_string(),
        };
        let wait = delay + jitter(delay);
        warn!(%error, retry_in_ms = wait.as_millis() as u64, "Home Assistant event stream disconnected");
        if tx.send(StreamItem::Disconnected { error }).await.is_err() {
            return;
        }
        tokio::select! {
            _ = tx.closed() => return,
            _ = tokio::time::sleep(wait) => {}
        }
        delay = (delay * 2).min(opts.reconnect_max);
    }
}

async fn connect_and_subscribe(
    client: &HaClient,
    opts: &EventStreamOptions,
) -> Result<(WsSession, mpsc::Receiver<HaEvent>), HaError> {
    let session = client.connect_ws().await?;
    let (tx, rx) = mpsc::channel(opts.buffer.max(1));
    if opts.event_types.is_empty() {
        session.subscribe_events_into(None, tx).await?;
    } else {
        for t in &opts.event_types {
            session.subscribe_events_into(Some(t), tx.clone()).await?;
        }
    }
    Ok((session, rx))
}

/// Forwards events until the connection fails (`Some(why)`) or the consumer is gone (`None`).
async fn pump(
    session: &WsSession,
    events: &mut mpsc::Receiver<HaEvent>,
    tx: &mpsc::Sender<StreamItem>,
    opts: &EventStreamOptions,
) -> Option<String> {
    let mut heartbeat = tokio::time::interval_at(
        Instant::now() + opts.heartbeat_interval,
        opts.heartbeat_interval,
    );
    heartbeat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tx.closed() => return None,
            ev = events.recv() => match ev {
                Some(ev) => {
                    if tx.send(StreamItem::Event(ev)).await.is_err() {
                        return None;
                    }
                }
                None => {
                    return Some(
                        session
                            .close_reason()
                            .unwrap_or_else(|| "the connection closed".into()),
                    );
                }
            },
            _ = heartbeat.tick() => {
                match tokio::time::timeout(opts.heartbeat_timeout, session.ping()).await {
                    Ok(Ok(rtt)) => debug!(rtt_ms = rtt.as_millis() as u64, "heartbeat"),
                    Ok(Err(e)) => return Some(format!("heartbeat failed: {e}")),
                    Err(_) => {
                        return Some(format!(
                            "no pong within {} ms",
                            opts.heartbeat_timeout.as_millis()
                        ));
                    }
                }
            }
        }
    }
}

/// Up to a quarter of `delay`, so many clients do not reconnect in lockstep.
fn jitter(delay: Duration) -> Duration {
    let quarter = u64::try_from(delay.as_millis() / 4).unwrap_or(u64::MAX);
    Duration::from_millis(rand::random_range(0..=quarter))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_within_a_quarter() {
        for _ in 0..100 {
            assert!(jitter(Duration::from_millis(400)) <= Duration::from_millis(100));
        }
        assert_eq!(jitter(Duration::ZERO), Duration::ZERO);
    }

    #[test]
    fn default_options_match_the_documented_ones() {
        let o = EventStreamOptions::new(vec!["state_changed".into()], Duration::from_secs(30));
        assert_eq!(o.reconnect_min, Duration::from_millis(500));
        assert_eq!(o.heartbeat_interval, Duration::from_secs(20));
        assert_eq!(o.heartbeat_timeout, Duration::from_secs(10));
    }
}
