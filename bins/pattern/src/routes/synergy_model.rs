//! `GET /api/v1/synergies/model`: which trained synergy model the analysis uses, if any.

use actix_web::{HttpResponse, get, web};

use crate::synergy_model::SynergyScorer;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(model);
}

#[get("/api/v1/synergies/model")]
async fn model(scorer: web::Data<SynergyScorer>) -> HttpResponse {
    HttpResponse::Ok().json(scorer.status())
}
