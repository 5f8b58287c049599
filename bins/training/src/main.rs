//! The training service on its own (port 8022 by default).

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    homeai_web::run_service(homeai_domain::ServiceName::Training, homeai_training::setup).await?;
    Ok(())
}
