use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use homeai_bus::{MqttBus, Peers};
use homeai_db::Db;
use homeai_domain::ServiceName;
use homeai_ha::HaClient;

use crate::metrics::Metrics;
use crate::settings::Settings;

/// What every handler of a service can reach, as `web::Data<ServiceContext>`.
#[derive(Clone)]
pub struct ServiceContext {
    pub service: ServiceName,
    pub settings: Arc<Settings>,
    pub db: Db,
    /// `None` when no broker is configured for a lone service.
    pub mqtt: Option<MqttBus>,
    /// `None` when no Home Assistant is configured.
    pub ha: Option<HaClient>,
    pub peers: Peers,
    pub metrics: Metrics,
    pub started_at: Instant,
    /// Turns `true` when the service is stopping: background tasks finish their work and end.
    pub shutdown: watch::Receiver<bool>,
    /// Background tasks the service waits for (bounded) when it stops.
    pub tasks: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl ServiceContext {
    /// Publishes `sensors` as homeai's entities in Home Assistant (MQTT discovery) with the
    /// readings `read` gives, while the service runs; nothing without MQTT or with discovery
    /// off.
    pub fn publish_sensors<F, Fut>(&self, sensors: Vec<homeai_bus::discovery::Sensor>, read: F)
    where
        F: Fn() -> Fut + Send + 'static,
        Fut: std::future::Future<Output = Vec<homeai_bus::discovery::Reading>> + Send,
    {
        let settings = self.settings.mqtt.discovery.clone();
        let Some(bus) = self.mqtt.clone().filter(|_| settings.enabled) else {
            return;
        };
        self.keep(homeai_bus::discovery::spawn(
            bus,
            settings,
            sensors,
            self.shutdown.clone(),
            read,
        ));
    }

    /// Registers a background task to be awaited at shutdown (it should watch `shutdown`).
    pub fn keep(&self, task: JoinHandle<()>) {
        if let Ok(mut tasks) = self.tasks.lock() {
            tasks.push(task);
        }
    }
}
