//! The home Ask AI resolves names against: a snapshot file when `[askai] home_file` is set,
//! otherwise the Home Assistant registries the pattern service stores (areas, entities with
//! aliases, persons), with each person's phone from the mobile-app trackers.

use homeai_askai::{Area, Entity, Home, NotifyService, Person};
use homeai_db::repo;
use homeai_web::{ApiError, ServiceContext};

/// Loads the home.
pub async fn load(ctx: &ServiceContext) -> Result<Home, ApiError> {
    if let Some(path) = ctx.settings.askai.home_file.clone() {
        let text = tokio::fs::read_to_string(&path).await.map_err(|e| {
            ApiError::Unavailable(format!("askai.home_file {}: {e}", path.display()))
        })?;
        return Home::from_json(&text).map_err(|e| {
            ApiError::Unavailable(format!("askai.home_file {}: {e}", path.display()))
        });
    }
    Ok(from_db(&ctx.db).await?)
}

/// The home from the registries stored in the database, with people's own names for
/// entities (POST /api/v1/ask-ai/aliases) as aliases. Also what `homeai ask` reads.
pub async fn from_db(db: &homeai_db::Db) -> Result<Home, homeai_db::DbError> {
    let (areas, entities, trackers, aliases) = db
        .run(|c| {
            Ok((
                repo::registry::areas(c)?,
                repo::registry::entities(c, None, None)?,
                repo::ask_ai::platform_entities(c, "device_tracker")?,
                repo::aliases::list(c, None)?,
            ))
        })
        .await?;
    let mut home = from_registry(areas, entities, &trackers);
    // people's own names for entities (POST /api/v1/ask-ai/aliases) are names too
    for a in aliases {
        if let Some(e) = home
            .entities
            .iter_mut()
            .find(|e| e.entity_id == a.entity_id)
        {
            e.aliases.push(a.alias);
        }
    }
    Ok(home)
}

fn humanise(entity_id: &str) -> String {
    let object = entity_id.split_once('.').map_or(entity_id, |(_, o)| o);
    object
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The snapshot from stored registries. A person's phone is the mobile-app tracker whose id or
/// name holds the person's name; its notify service is `notify.mobile_app_<tracker object id>`
/// (the name Home Assistant's mobile app gives both).
pub fn from_registry(
    areas: Vec<homeai_domain::ha::Area>,
    entities: Vec<homeai_domain::ha::Entity>,
    trackers: &[(String, Option<String>, Option<String>)],
) -> Home {
    let mut home = Home {
        areas: areas
            .into_iter()
            .map(|a| Area {
                area_id: a.area_id,
                name: a.name,
                aliases: a.aliases,
            })
            .collect(),
        ..Home::default()
    };
    for e in entities {
        let id = e.entity_id.as_str().to_owned();
        let domain = e.entity_id.domain().to_owned();
        let name = e.friendly_name.clone().unwrap_or_else(|| humanise(&id));
        if domain == "person" {
            home.persons.push(Person {
                entity_id: id,
                name,
                aliases: e.aliases,
                notify: None,
            });
            continue;
        }
        if domain == "zone" {
            home.zones.push(id.clone());
        }
        home.entities.push(Entity {
            entity_id: id,
            name,
            area_id: e.area_id,
            domain,
            aliases: e.aliases,
            device_class: e.device_class,
            ..Entity::default()
        });
    }
    for (tracker, friendly, platform) in trackers {
        if platform.as_deref() != Some("mobile_app") {
            continue;
        }
        let object = tracker.split_once('.').map_or(tracker.as_str(), |(_, o)| o);
        let service = format!("notify.mobile_app_{object}");
        let words = format!("{object} {}", friendly.clone().unwrap_or_default()).to_lowercase();
        let words: Vec<&str> = words.split(|c: char| !c.is_alphanumeric()).collect();
        let owner = home.persons.iter_mut().find(|p| {
            let first = p.name.to_lowercase();
            let first = first
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned();
            words
                .iter()
                .any(|w| *w == first || w.strip_suffix('s') == Some(first.as_str()))
        });
        let person = owner.map(|p| {
            p.notify.get_or_insert_with(|| service.clone());
            p.entity_id.clone()
        });
        home.services.push(NotifyService {
            service,
            name: friendly.clone(),
            person,
        });
    }
    home
}
