//! The pages: one layout (navigation, the token box, the services' health dot) around each
//! page's body; the page's script fills it from `/ui/api/…` and `/ui/views/…`.

use std::path::Path;

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use homeai_web::ServiceContext;
use html::escape;

/// A page of the UI: where it is served, its title, its body and its script.
struct Page {
    path: &'static str,
    key: &'static str,
    title: &'static str,
    body: &'static str,
}

const PAGES: [Page; 6] = [
    Page {
        path: "/",
        key: "suggestions",
        title: "Suggestions",
        body: include_str!("../assets/pages/suggestions.html"),
    },
    Page {
        path: "/ui/ask",
        key: "ask",
        title: "Ask AI",
        body: include_str!("../assets/pages/ask.html"),
    },
    Page {
        path: "/ui/patterns",
        key: "patterns",
        title: "Patterns & synergies",
        body: include_str!("../assets/pages/patterns.html"),
    },
    Page {
        path: "/ui/automations",
        key: "automations",
        title: "Deployed automations",
        body: include_str!("../assets/pages/automations.html"),
    },
    Page {
        path: "/ui/training",
        key: "training",
        title: "Training",
        body: include_str!("../assets/pages/training.html"),
    },
    Page {
        path: "/ui/health",
        key: "health",
        title: "Health",
        body: include_str!("../assets/pages/health.html"),
    },
];

const LAYOUT: &str = include_str!("../assets/layout.html");

pub fn configure(cfg: &mut web::ServiceConfig) {
    for (index, page) in PAGES.iter().enumerate() {
        cfg.route(
            page.path,
            web::get().to(move |ctx: web::Data<ServiceContext>| render(index, ctx)),
        );
    }
    cfg.route(
        "/ui/suggestions",
        web::get().to(|ctx: web::Data<ServiceContext>| render(0, ctx)),
    );
}

async fn render(index: usize, ctx: web::Data<ServiceContext>) -> HttpResponse {
    let page = &PAGES[index % PAGES.len()];
    let nav: String = PAGES
        .iter()
        .map(|p| {
            let current = if p.key == page.key {
                r#" aria-current="page""#
            } else {
                ""
            };
            format!(
                r#"<a href="{}" data-nav="{}"{current}>{}</a>"#,
                p.path,
                p.key,
                escape(p.title)
            )
        })
        .collect();
    let html = LAYOUT
        .replace("{{title}}", &escape(page.title))
        .replace("{{nav}}", &nav)
        .replace("{{token_hint}}", &escape(&token_hint(&ctx)))
        .replace("{{key}}", page.key)
        .replace("{{body}}", page.body);
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(html)
}

/// Where the person finds the API token (never the token itself).
fn token_hint(ctx: &ServiceContext) -> String {
    let api = &ctx.settings.api;
    if api.token.is_some() {
        return "the API token is the value of HOMEAI_API_TOKEN on the server".into();
    }
    let file = match &api.token_file {
        Some(f) => f.clone(),
        None => ctx
            .settings
            .database
            .path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .join("api-token"),
    };
    format!(
        "the API token is in {} on the server (or set HOMEAI_API_TOKEN)",
        file.display()
    )
}

mod html {
    /// HTML-escapes text for an element's content or a quoted attribute.
    pub fn escape(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c => out.push(c),
            }
        }
        out
    }
}
