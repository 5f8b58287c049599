//! `cargo run -p homeai-askai --example ask -- HOME.json "request"`: the answer, for trying
//! the engine by hand.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use homeai_askai::{Engine, Home, result_line};

fn main() {
    let mut args = std::env::args().skip(1);
    let home_path = args.next().expect("HOME.json");
    let home = Home::from_json(&std::fs::read_to_string(home_path).unwrap()).unwrap();
    let engine = Engine::new(home);
    for query in args {
        println!("{query}\n  {:?}", engine.extract(&query));
        let line = result_line("q", &engine.ask(&query));
        println!("{}", serde_json::to_string_pretty(&line).unwrap());
    }
}
