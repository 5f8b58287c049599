use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use homeai_bus::{BusError, MqttBus};
use homeai_domain::ServiceName;

/// The last `online`/`offline` each service announced on `homeai/<service>/status`.
#[derive(Clone, Default)]
pub struct MqttStatusBoard {
    seen: Arc<RwLock<BTreeMap<ServiceName, String>>>,
}

impl MqttStatusBoard {
    /// Subscribes to every service's status topic and keeps the board up to date.
    pub fn follow(&self, bus: &MqttBus) -> Result<(), BusError> {
        let mut rx = bus.subscribe("homeai/+/status")?;
        let seen = Arc::clone(&self.seen);
        tokio::spawn(async move {
            loop {
                match rx.recv().await {
                    Ok(msg) => {
                        let service = msg
                            .topic
                            .strip_prefix("homeai/")
                            .and_then(|t| t.strip_suffix("/status"))
                            .and_then(|s| s.parse::<ServiceName>().ok());
                        if let Some(service) = service
                            && let Ok(mut seen) = seen.write()
                        {
                            seen.insert(
                                service,
                                String::from_utf8_lossy(&msg.payload).into_owned(),
                            );
                        }
                    }
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
                }
            }
        });
        Ok(())
    }

    pub fn status(&self, service: ServiceName) -> Option<String> {
        self.seen.read().ok().and_then(|s| s.get(&service).cloned())
    }
}
