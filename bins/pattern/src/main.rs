//! The pattern service on its own (port 8020 by default).

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    homeai_web::run_service(homeai_domain::ServiceName::Pattern, homeai_pattern::setup).await?;
    Ok(())
}
