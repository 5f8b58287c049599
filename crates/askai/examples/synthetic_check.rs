//! `cargo run -p homeai-askai --example synthetic_check -- [HOME.json]`: how many generated
//! requests the rules answer with an automation once rewritten to canonical words (and as
//! generated), for the home given or for made-up homes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use homeai_askai::synthetic::{generate, home, rewrite};
use homeai_askai::{Answer, Engine, Home};

fn main() {
    let homes: Vec<Home> = match std::env::args().nth(1) {
        Some(p) => vec![Home::from_json(&std::fs::read_to_string(p).unwrap()).unwrap()],
        None => (0..5).map(home).collect(),
    };
    let (mut raw_ok, mut canon_ok, mut n) = (0, 0, 0);
    for h in homes {
        let engine = Engine::new(h.clone());
        for l in generate(&h, 200, 1) {
            n += 1;
            let (text, _) = rewrite(&l.words, &l.tags);
            let raw = matches!(engine.ask(&l.text()), Ok(Answer::Automation(_)));
            let canon = matches!(engine.ask(&text), Ok(Answer::Automation(_)));
            raw_ok += usize::from(raw);
            canon_ok += usize::from(canon);
            if !canon && std::env::var("SHOW").is_ok() {
                println!("MISS {text}");
            }
        }
    }
    println!("as generated {raw_ok}/{n}, rewritten {canon_ok}/{n}");
}
