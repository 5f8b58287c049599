//! Print a blueprint file rendered in the modern dialect: `cargo run --example blueprint_show -- FILE`.
#![allow(clippy::unwrap_used, clippy::expect_used)]
fn main() {
    let path = std::env::args().nth(1).expect("a blueprint file");
    let text = std::fs::read_to_string(path).unwrap();
    let b = homeai_automation_model::parse_blueprint_yaml(&text).unwrap();
    print!(
        "{}",
        homeai_automation_model::blueprint_to_yaml(&b, homeai_automation_model::Dialect::Modern)
    );
}
