use crate::text_enum;

text_enum! {
    /// The four services of homeai. Each is its own binary, port and MQTT status topic.
    pub enum ServiceName {
        Query => "query",
        Pattern => "pattern",
        Automation => "automation",
        Training => "training",
    }
}

impl ServiceName {
    /// The port the service listens on unless configured otherwise.
    pub const fn default_port(self) -> u16 {
        match self {
            ServiceName::Query => 8018,
            ServiceName::Pattern => 8020,
            ServiceName::Automation => 8021,
            ServiceName::Training => 8022,
        }
    }

    /// The retained MQTT topic carrying `online`/`offline` for this service.
    pub fn status_topic(self) -> String {
        format!("homeai/{}/status", self.as_str())
    }
}
