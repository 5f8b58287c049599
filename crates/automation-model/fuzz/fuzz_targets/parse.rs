//! Arbitrary bytes into `parse_yaml` and `repair`: neither may panic, and whatever either
//! accepts must render (in every dialect) and parse back to the same model.
#![no_main]

use homeai_automation_model::{
    Automation, Dialect, ServiceKey, parse_json, parse_yaml, repair, to_json, to_yaml,
};
use libfuzzer_sys::fuzz_target;

const DIALECTS: [Dialect; 3] = [
    Dialect::Modern,
    Dialect::Legacy { service_key: ServiceKey::Service },
    Dialect::Legacy { service_key: ServiceKey::Action },
];

fn round_trip(automation: &Automation) {
    for dialect in DIALECTS {
        let yaml = to_yaml(automation, dialect);
        match parse_yaml(&yaml) {
            Ok(again) => assert_eq!(&again, automation, "{dialect:?} YAML:\n{yaml}"),
            Err(e) => panic!("rendered {dialect:?} YAML does not parse: {e}\n{yaml}"),
        }
        let json = to_json(automation, dialect);
        match parse_json(&json) {
            Ok(again) => assert_eq!(&again, automation, "{dialect:?} JSON: {json}"),
            Err(e) => panic!("rendered {dialect:?} JSON does not parse: {e}\n{json}"),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(automation) = parse_yaml(&text) {
        round_trip(&automation);
    }
    if let Ok(repaired) = repair(&text) {
        round_trip(&repaired.automation);
    }
});
