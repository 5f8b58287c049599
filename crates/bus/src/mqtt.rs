//! One MQTT connection per service: status announcements, publishing, subscriptions.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use homeai_domain::ServiceName;
use rumqttc::{AsyncClient, Event, EventLoop, LastWill, MqttOptions, Packet, QoS};
use tokio::sync::broadcast;
use tokio::task::JoinHandle;

use crate::{BusError, MqttSettings};

/// Largest MQTT packet sent or accepted.
const MAX_PACKET: usize = 1024 * 1024;

/// A message that arrived on a subscribed topic.
#[derive(Debug, Clone)]
pub struct MqttMessage {
    pub topic: String,
    pub payload: Vec<u8>,
    pub retain: bool,
}

/// A service's MQTT connection. Cheap to clone.
#[derive(Clone)]
pub struct MqttBus {
    service: ServiceName,
    client: AsyncClient,
    connected: Arc<AtomicBool>,
    subscriptions: Arc<Mutex<BTreeSet<String>>>,
    incoming: broadcast::Sender<MqttMessage>,
}

impl MqttBus {
    /// Connects as `service` to the broker at `url`, with `offline` as last will; the returned
    /// task drives the connection (reconnecting with backoff) until the process stops.
    pub fn connect(
        url: &str,
        service: ServiceName,
        settings: &MqttSettings,
    ) -> Result<(MqttBus, JoinHandle<()>), BusError> {
        let client_id = format!("homeai-{}-{:08x}", service.as_str(), rand::random::<u32>());
        let separator = if url.contains('?') { '&' } else { '?' };
        let mut options = MqttOptions::parse_url(format!("{url}{separator}client_id={client_id}"))
            .map_err(|e| BusError::MqttUrl {
                url: crate::redact_url(url),
                reason: e.to_string(),
            })?;
        options.set_keep_alive(Duration::from_secs(settings.keep_alive_secs.max(5)));
        options.set_clean_session(true);
        // HA's statestream and discovery payloads can exceed rumqttc's 10 KiB default
        options.set_max_packet_size(MAX_PACKET, MAX_PACKET);
        options.set_last_will(LastWill::new(
            service.status_topic(),
            "offline",
            QoS::AtLeastOnce,
            true,
        ));

        let (client, eventloop) = AsyncClient::new(options, 64);
        // retained messages arrive in a burst on (re)connect (statestream: several per entity)
        let (incoming, _) = broadcast::channel(8192);
        let bus = MqttBus {
            service,
            client,
            connected: Arc::new(AtomicBool::new(false)),
            subscriptions: Arc::new(Mutex::new(BTreeSet::new())),
            incoming,
        };
        let task = tokio::spawn(bus.clone().drive(eventloop));
        Ok((bus, task))
    }

    /// Whether the broker has acknowledged the current connection.
    pub fn is_connected(&self) -> bool {
        self.connected.load(Ordering::Relaxed)
    }

    pub fn service(&self) -> ServiceName {
        self.service
    }

    /// Publishes `payload` (QoS 1). Queued while disconnected, sent on reconnect.
    pub async fn publish(
        &self,
        topic: &str,
        payload: impl Into<Vec<u8>>,
        retain: bool,
    ) -> Result<(), BusError> {
        self.client
            .publish(topic, QoS::AtLeastOnce, retain, payload.into())
            .await?;
        Ok(())
    }

    /// Subscribes to `filter` (kept across reconnects) and returns a receiver of every message
    /// this connection gets; filter by topic on the receiving side.
    pub fn subscribe(&self, filter: &str) -> Result<broadcast::Receiver<MqttMessage>, BusError> {
        let receiver = self.incoming.subscribe();
        // Under the lock that `on_connect` takes too: the filter is subscribed exactly once per
        // connection, here if already connected, else by `on_connect`. (A second SUBSCRIBE
        // would make the broker replay every retained message.)
        let Ok(mut subscriptions) = self.subscriptions.lock() else {
            return Err(BusError::Broker("subscription list poisoned".into()));
        };
        if subscriptions.insert(filter.to_owned()) && self.is_connected() {
            self.client.try_subscribe(filter, QoS::AtLeastOnce)?;
        }
        Ok(receiver)
    }

    /// Says `offline` (retained) and disconnects: the clean-stop counterpart of the last will.
    pub async fn shutdown(&self) {
        if self.is_connected() {
            let _ = self
                .publish(&self.service.status_topic(), "offline", true)
                .await;
            // give the event loop a moment to flush the publish before DISCONNECT
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = self.client.disconnect().await;
    }

    async fn drive(self, mut eventloop: EventLoop) {
        let mut backoff = Duration::from_millis(500);
        loop {
            match eventloop.poll().await {
                Ok(Event::Incoming(Packet::ConnAck(_))) => {
                    backoff = Duration::from_millis(500);
                    tracing::info!(service = %self.service, "connected to MQTT broker");
                    self.on_connect();
                }
                Ok(Event::Incoming(Packet::Publish(p))) => {
                    let _ = self.incoming.send(MqttMessage {
                        topic: p.topic.clone(),
                        payload: p.payload.to_vec(),
                        retain: p.retain,
                    });
                }
                Ok(Event::Outgoing(rumqttc::Outgoing::Disconnect)) => {
                    self.connected.store(false, Ordering::Relaxed);
                    return;
                }
                Ok(_) => {}
                Err(e) => {
                    let was_connected = self.connected.swap(false, Ordering::Relaxed);
                    if was_connected {
                        tracing::warn!(service = %self.service, error = %e, "MQTT connection lost");
                    } else {
                        tracing::debug!(service = %self.service, error = %e, "MQTT connect failed");
                    }
                    let jitter = Duration::from_millis(rand::random::<u64>() % 250);
                    tokio::time::sleep(backoff + jitter).await;
                    backoff = (backoff * 2).min(Duration::from_secs(30));
                }
            }
        }
    }

    fn on_connect(&self) {
        // try_*: this runs on the task that drives the event loop, so it must never wait for
        // room in the request queue
        if let Err(e) = self.client.try_publish(
            self.service.status_topic(),
            QoS::AtLeastOnce,
            true,
            "online",
        ) {
            tracing::warn!(error = %e, "could not announce online status");
        }
        // connected is set under the subscription lock: see `subscribe`
        let Ok(subscriptions) = self.subscriptions.lock() else {
            return;
        };
        self.connected.store(true, Ordering::SeqCst);
        for filter in subscriptions.iter() {
            if let Err(e) = self.client.try_subscribe(filter.as_str(), QoS::AtLeastOnce) {
                tracing::warn!(%filter, error = %e, "could not resubscribe");
            }
        }
    }
}
