use std::sync::Arc;
use std::time::Instant;

use homeai_bus::{MqttBus, Peers};
use homeai_db::Db;
use homeai_domain::ServiceName;

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
    pub peers: Peers,
    pub metrics: Metrics,
    pub started_at: Instant,
}
