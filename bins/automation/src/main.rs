//! The automation service on its own (port 8021 by default).

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    homeai_web::run_service(
        homeai_domain::ServiceName::Automation,
        homeai_automation::setup,
    )
    .await?;
    Ok(())
}
