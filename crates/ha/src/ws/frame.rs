//! The messages Home Assistant sends on the WebSocket ([`Incoming`]) and [`parse_frame`],
//! which reads a text frame holding one message or, coalesced, a JSON array of them.

use serde::Deserialize;
use serde_json::Value;
use tracing::warn;

use crate::HaError;
use crate::shorten::shorten;

/// One message from HA (a frame holds one, or an array of them when coalesced).
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum Incoming {
    Result {
        id: u64,
        #[serde(default)]
        success: bool,
        #[serde(default)]
        result: Value,
        #[serde(default)]
        error: Option<Value>,
    },
    Event {
        id: u64,
        event: Value,
    },
    Pong {
        id: u64,
    },
    AuthRequired {
        #[serde(default)]
        ha_version: Option<String>,
    },
    AuthOk {
        #[serde(default)]
        ha_version: Option<String>,
    },
    AuthInvalid {
        #[serde(default)]
        message: Option<String>,
    },
    #[serde(other)]
    Other,
}

/// The messages in one text frame: a single object or a coalesced array. Messages that do not
/// parse are skipped with a warning; a frame that is not JSON at all is an error.
pub(crate) fn parse_frame(text: &str) -> Result<Vec<Incoming>, HaError> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| HaError::Decode(format!("WebSocket frame: {e}: {}", shorten(text, 200))))?;
    let items = match value {
        Value::Array(items) => items,
        one => vec![one],
    };
    Ok(items
        .into_iter()
        .filter_map(|item| match Incoming::deserialize(&item) {
            Ok(m) => Some(m),
            Err(e) => {
                warn!(error = %e, message = %shorten(&item.to_string(), 200), "skipping a WebSocket message");
                None
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::HaEvent;

    #[test]
    fn parses_a_single_result_frame() {
        let got =
            parse_frame(r#"{"id":4,"type":"result","success":true,"result":[{"a":1}]}"#).unwrap();
        match &got[..] {
            [
                Incoming::Result {
                    id: 4,
                    success: true,
                    result,
                    error: None,
                },
            ] => assert_eq!(result[0]["a"], 1),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn parses_a_coalesced_array_frame_of_events_and_results() {
        let frame = r#"[
          {"type":"event","event":{"event_type":"state_changed","data":{"entity_id":"light.a","old_state":null,"new_state":null},"origin":"LOCAL","time_fired":"2024-03-20T10:00:00.040272+00:00","context":{"id":"01X","parent_id":null,"user_id":"u1"}},"id":10},
          {"type":"event","event":{"event_type":"state_changed","data":{"entity_id":"light.b"},"origin":"LOCAL","time_fired":"2024-03-20T10:00:00.040636+00:00","context":{"id":"01X","parent_id":null,"user_id":"u1"}},"id":10},
          {"id":11,"type":"result","success":true,"result":{"context":{"id":"01X","parent_id":null,"user_id":"u1"}}},
          {"id":12,"type":"pong"}
        ]"#;
        let got = parse_frame(frame).unwrap();
        assert_eq!(got.len(), 4);
        let Incoming::Event { id: 10, event } = &got[0] else {
            panic!("{:?}", got[0])
        };
        let ev: HaEvent = serde_json::from_value(event.clone()).unwrap();
        assert_eq!(ev.state_changed().unwrap().entity_id, "light.a");
        assert_eq!(ev.context.unwrap().user_id.as_deref(), Some("u1"));
        assert!(matches!(
            got[2],
            Incoming::Result {
                id: 11,
                success: true,
                ..
            }
        ));
        assert!(matches!(got[3], Incoming::Pong { id: 12 }));
    }

    #[test]
    fn parses_handshake_and_error_messages() {
        let got = parse_frame(r#"{"type":"auth_required","ha_version":"2024.3.3"}"#).unwrap();
        assert!(
            matches!(&got[..], [Incoming::AuthRequired { ha_version: Some(v) }] if v == "2024.3.3")
        );
        let got =
            parse_frame(r#"{"type":"auth_invalid","message":"Invalid access token or password"}"#)
                .unwrap();
        assert!(matches!(
            &got[..],
            [Incoming::AuthInvalid { message: Some(_) }]
        ));
        let got = parse_frame(
            r#"{"id":9,"type":"result","success":false,"error":{"code":"unknown_command","message":"Unknown command."}}"#,
        )
        .unwrap();
        let [
            Incoming::Result {
                success: false,
                error,
                ..
            },
        ] = &got[..]
        else {
            panic!("{got:?}")
        };
        match HaError::command(error.as_ref()) {
            HaError::Command { code, message } => {
                assert_eq!(code, "unknown_command");
                assert_eq!(message, "Unknown command.");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_types_are_other_and_broken_messages_are_skipped() {
        let got = parse_frame(
            r#"[{"type":"something_new","x":1},{"type":"result"},{"id":2,"type":"pong"}]"#,
        )
        .unwrap();
        assert_eq!(got.len(), 2);
        assert!(matches!(got[0], Incoming::Other));
        assert!(matches!(got[1], Incoming::Pong { id: 2 }));
        assert!(matches!(parse_frame("not json"), Err(HaError::Decode(_))));
    }
}
