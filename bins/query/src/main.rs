//! The query service on its own (port 8018 by default).

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    homeai_web::run_service(homeai_domain::ServiceName::Query, homeai_query::setup).await?;
    Ok(())
}
