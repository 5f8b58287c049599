//! `cargo run -p homeai-askai --example spec -- SPEC.md [HOME.json]`: the answer to a
//! markdown request (a blueprint's YAML and readings), for trying specs by hand.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use homeai_askai::{Answer, Engine, Home};
use homeai_automation_model::{Dialect, blueprint_to_yaml, to_yaml};

fn main() {
    let mut args = std::env::args().skip(1);
    let spec = std::fs::read_to_string(args.next().expect("SPEC.md")).unwrap();
    let home = match args.next() {
        Some(p) => Home::from_json(&std::fs::read_to_string(p).unwrap()).unwrap(),
        None => Home::default(),
    };
    match Engine::new(home).ask(&spec) {
        Ok(Answer::Blueprint(b)) => {
            println!("{}", blueprint_to_yaml(&b.blueprint, Dialect::Modern));
            println!("confidence {}", b.confidence);
            for r in &b.readings {
                println!("  {} => {}", r.from, r.part);
            }
        }
        Ok(Answer::Automation(s)) => {
            println!("{}", to_yaml(&s.automation, Dialect::Modern));
            for r in &s.readings {
                println!("  {} => {}", r.from, r.part);
            }
        }
        other => println!("{other:#?}"),
    }
}
