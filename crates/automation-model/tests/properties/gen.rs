//! Strategies that generate automations in the model's canonical form (empty lists for absent
//! keys, no empty mappings, templates that contain `{{`), so that render → parse must give
//! back exactly what was generated.

use homeai_automation_model::*;
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Any text: plain words, printable Unicode, and anything at all (control characters too).
pub fn text() -> BoxedStrategy<String> {
    prop_oneof![
        4 => "[a-z][a-z _]{0,12}",
        2 => "[ -~]{0,24}",
        2 => "\\PC{0,16}",
        1 => any::<String>(),
        1 => prop::sample::select(vec![
            "on", "off", "yes", "no", "y", "n", "true", "false", "null", "~", "23:00:00",
            "-01:00:00", "0755", "1_000", "0x1F", ".inf", "-.nan", "1e3", "12", "-3.5", "",
            " lead", "trail ", "a: b", "- x", "#x", "&a", "*a", "!t", "|", ">", "%", "@", "`",
            "{{ x }}", "[1]", "{a: 1}", "'q'", "\"q\"", "a\nb", "a\n", "\n", "\t", "é",
        ]).prop_map(str::to_owned),
    ]
    .boxed()
}

fn ident() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_]{0,10}"
}

/// Keys that name no known field, for kinds kept as written.
fn unknown_key() -> impl Strategy<Value = String> {
    "x_[a-z0-9_]{0,8}"
}

pub fn entity() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec![
            "light",
            "sensor",
            "switch",
            "binary_sensor",
            "input_number",
        ]),
        ident(),
    )
        .prop_map(|(d, o)| format!("{d}.{o}"))
}

fn template() -> impl Strategy<Value = String> {
    text().prop_map(|t| format!("{{{{ {t} }}}}"))
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1.0e12..1.0e12_f64).prop_map(Value::from),
        text().prop_map(Value::String),
    ]
}

pub fn json() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            btree_map(text(), inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A mapping of free-form values, never empty.
pub fn fields() -> impl Strategy<Value = Fields> {
    btree_map(text(), json(), 1..4).prop_map(|m| m.into_iter().collect())
}

fn unknown_fields() -> impl Strategy<Value = Fields> {
    btree_map(unknown_key(), json(), 0..3).prop_map(|m| m.into_iter().collect())
}

fn texts(min: usize) -> impl Strategy<Value = Vec<String>> {
    vec(text(), min..4)
}

fn entities() -> impl Strategy<Value = Vec<String>> {
    vec(entity(), 1..3)
}

fn duration(min: i64) -> impl Strategy<Value = Duration> {
    prop_oneof![
        (min / 1000..100_000_i64).prop_map(|s| Duration::from_secs(s).unwrap_or_default()),
        (min..400_000_000_i64).prop_map(|ms| Duration::from_millis(ms).unwrap_or_default()),
    ]
}

fn offset() -> impl Strategy<Value = Duration> {
    duration(-400_000_000)
}

fn time_period() -> impl Strategy<Value = TimePeriod> {
    prop_oneof![
        4 => duration(0).prop_map(TimePeriod::Fixed),
        1 => template().prop_map(TimePeriod::Template),
        1 => template().prop_map(|t| {
            let mut m = Map::new();
            m.insert("minutes".into(), Value::String(t));
            TimePeriod::TemplateMap(m)
        }),
    ]
}

fn time_of_day() -> impl Strategy<Value = TimeOfDay> {
    (0..24_u8, 0..60_u8, 0..60_u8).prop_map(|(h, m, s)| TimeOfDay::new(h, m, s).unwrap())
}

fn weekdays() -> impl Strategy<Value = Vec<Weekday>> {
    vec(prop::sample::select(Weekday::ALL.to_vec()), 0..4)
}

fn number() -> impl Strategy<Value = Number> {
    prop_oneof![
        (-1000..1000_i64).prop_map(|n| Number(n as f64)),
        (-1.0e6..1.0e6_f64).prop_map(Number),
    ]
}

fn threshold() -> impl Strategy<Value = Threshold> {
    prop_oneof![
        number().prop_map(Threshold::Number),
        entity().prop_map(Threshold::Entity),
    ]
}

fn state_match() -> impl Strategy<Value = StateMatch> {
    prop_oneof![
        Just(StateMatch::AnyState),
        texts(0).prop_map(StateMatch::States),
    ]
}

fn sun_event() -> impl Strategy<Value = SunEvent> {
    prop::sample::select(vec![SunEvent::Sunrise, SunEvent::Sunset])
}

fn above_below() -> impl Strategy<Value = (Option<Threshold>, Option<Threshold>)> {
    prop_oneof![
        (threshold(), option::of(threshold())).prop_map(|(a, b)| (Some(a), b)),
        threshold().prop_map(|b| (None, Some(b))),
    ]
}

fn trigger_kind() -> impl Strategy<Value = TriggerKind> {
    prop_oneof![
        (
            entities(),
            option::of(text()),
            option::of(state_match()),
            option::of(state_match()),
            texts(0),
            texts(0),
            option::of(time_period())
        )
            .prop_map(|(entity_id, attribute, from, to, not_from, not_to, for_)| {
                TriggerKind::State(StateTrigger {
                    entity_id,
                    attribute,
                    from,
                    to,
                    not_from,
                    not_to,
                    for_,
                })
            }),
        (
            entities(),
            option::of(text()),
            option::of(text()),
            above_below(),
            option::of(time_period())
        )
            .prop_map(
                |(entity_id, attribute, value_template, (above, below), for_)| {
                    TriggerKind::NumericState(NumericStateTrigger {
                        entity_id,
                        attribute,
                        value_template,
                        above,
                        below,
                        for_,
                    })
                }
            ),
        (vec(time_at(), 1..3), weekdays())
            .prop_map(|(at, weekday)| TriggerKind::Time(TimeTrigger { at, weekday })),
        (pattern(), option::of(pattern()), option::of(pattern())).prop_map(
            |(hours, minutes, seconds)| TriggerKind::TimePattern(TimePatternTrigger {
                hours: Some(hours),
                minutes,
                seconds
            })
        ),
        (sun_event(), option::of(offset()))
            .prop_map(|(event, offset)| TriggerKind::Sun(SunTrigger { event, offset })),
        (text(), option::of(time_period())).prop_map(|(value_template, for_)| {
            TriggerKind::Template(TemplateTrigger {
                value_template,
                for_,
            })
        }),
        (texts(1), option::of(fields()), option::of(fields())).prop_map(
            |(event_type, event_data, context)| TriggerKind::Event(EventTrigger {
                event_type,
                event_data,
                context
            })
        ),
        prop::sample::select(vec![
            HomeAssistantEvent::Start,
            HomeAssistantEvent::Shutdown
        ])
        .prop_map(|event| TriggerKind::HomeAssistant(HomeAssistantTrigger { event })),
        (
            text(),
            option::of(text()),
            option::of(text()),
            option::of(0..=2_u8),
            option::of(text())
        )
            .prop_map(
                |(topic, payload, value_template, qos, encoding)| TriggerKind::Mqtt(MqttTrigger {
                    topic,
                    payload,
                    value_template,
                    qos,
                    encoding
                })
            ),
        (
            entities(),
            text(),
            prop::sample::select(vec![ZoneEvent::Enter, ZoneEvent::Leave])
        )
            .prop_map(|(entity_id, zone, event)| TriggerKind::Zone(ZoneTrigger {
                entity_id,
                zone,
                event
            })),
        (text(), texts(0), option::of(any::<bool>())).prop_map(
            |(webhook_id, allowed_methods, local_only)| TriggerKind::Webhook(WebhookTrigger {
                webhook_id,
                allowed_methods,
                local_only
            })
        ),
        (texts(1), texts(0))
            .prop_map(|(tag_id, device_id)| TriggerKind::Tag(TagTrigger { tag_id, device_id })),
        (
            prop::sample::select(vec![CalendarEvent::Start, CalendarEvent::End]),
            text(),
            option::of(offset())
        )
            .prop_map(|(event, entity_id, offset)| TriggerKind::Calendar(
                CalendarTrigger {
                    event,
                    entity_id,
                    offset
                }
            )),
        texts(1).prop_map(|command| TriggerKind::Conversation(ConversationTrigger { command })),
        (text(), text(), unknown_fields()).prop_map(|(device_id, domain, fields)| {
            TriggerKind::Device(DeviceTrigger {
                device_id,
                domain,
                fields,
            })
        }),
        (unknown_key(), unknown_fields())
            .prop_map(|(platform, fields)| TriggerKind::Other(OpaqueTrigger { platform, fields })),
    ]
}

fn time_at() -> impl Strategy<Value = TimeAt> {
    prop_oneof![
        time_of_day().prop_map(TimeAt::Time),
        entity().prop_map(TimeAt::Entity),
        (entity(), option::of(offset()))
            .prop_map(|(entity_id, offset)| TimeAt::EntityOffset { entity_id, offset }),
    ]
}

fn pattern() -> impl Strategy<Value = PatternValue> {
    prop_oneof![
        (0..60_i64).prop_map(PatternValue::Number),
        text().prop_map(PatternValue::Text),
    ]
}

pub fn trigger() -> impl Strategy<Value = Trigger> {
    (
        option::of(text()),
        option::of(text()),
        option::of(any::<bool>()),
        option::of(fields()),
        trigger_kind(),
    )
        .prop_map(|(id, alias, enabled, variables, kind)| Trigger {
            id,
            alias,
            enabled,
            variables,
            kind,
        })
}

fn leaf_condition_kind() -> impl Strategy<Value = ConditionKind> {
    prop_oneof![
        (
            entities(),
            texts(0),
            option::of(text()),
            option::of(time_period()),
            option::of(prop::sample::select(vec![Match::All, Match::Any]))
        )
            .prop_map(|(entity_id, state, attribute, for_, match_)| {
                ConditionKind::State(StateCondition {
                    entity_id,
                    state,
                    attribute,
                    for_,
                    match_,
                })
            }),
        (
            entities(),
            option::of(text()),
            option::of(text()),
            above_below()
        )
            .prop_map(|(entity_id, attribute, value_template, (above, below))| {
                ConditionKind::NumericState(NumericStateCondition {
                    entity_id,
                    attribute,
                    value_template,
                    above,
                    below,
                })
            }),
        (option::of(time_ref()), option::of(time_ref()), weekdays())
            .prop_map(
                |(after, before, weekday)| ConditionKind::Time(TimeCondition {
                    after,
                    before,
                    weekday
                })
            )
            .prop_filter("a time condition needs a field", |k| match k {
                ConditionKind::Time(t) =>
                    t.after.is_some() || t.before.is_some() || !t.weekday.is_empty(),
                _ => true,
            }),
        (
            sun_event(),
            option::of(sun_event()),
            option::of(offset()),
            option::of(offset())
        )
            .prop_map(|(after, before, after_offset, before_offset)| {
                ConditionKind::Sun(SunCondition {
                    after: Some(after),
                    before,
                    after_offset,
                    before_offset,
                })
            }),
        text().prop_map(|value_template| ConditionKind::Template(TemplateCondition {
            value_template
        })),
        (entities(), texts(1))
            .prop_map(|(entity_id, zone)| ConditionKind::Zone(ZoneCondition { entity_id, zone })),
        texts(1).prop_map(|id| ConditionKind::Trigger(TriggerCondition { id })),
        (text(), text(), unknown_fields()).prop_map(|(device_id, domain, fields)| {
            ConditionKind::Device(DeviceCondition {
                device_id,
                domain,
                fields,
            })
        }),
        (unknown_key(), unknown_fields()).prop_map(|(condition, fields)| ConditionKind::Other(
            OpaqueCondition { condition, fields }
        )),
    ]
}

fn time_ref() -> impl Strategy<Value = TimeRef> {
    prop_oneof![
        time_of_day().prop_map(TimeRef::Time),
        entity().prop_map(TimeRef::Entity)
    ]
}

fn condition_kind() -> impl Strategy<Value = ConditionKind> {
    leaf_condition_kind().prop_recursive(3, 12, 3, |inner| {
        let list = vec(
            (option::of(text()), option::of(any::<bool>()), inner).prop_map(
                |(alias, enabled, kind)| Condition {
                    alias,
                    enabled,
                    kind,
                },
            ),
            0..3,
        );
        prop_oneof![
            list.clone().prop_map(ConditionKind::And),
            list.clone().prop_map(ConditionKind::Or),
            list.prop_map(ConditionKind::Not),
        ]
    })
}

pub fn condition() -> impl Strategy<Value = Condition> {
    (
        option::of(text()),
        option::of(any::<bool>()),
        condition_kind(),
    )
        .prop_map(|(alias, enabled, kind)| Condition {
            alias,
            enabled,
            kind,
        })
}

fn action_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (ident(), ident()).prop_map(|(d, s)| format!("{d}.{s}")),
        1 => template(),
    ]
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        4 => (vec(text(), 0..3), vec(text(), 0..2), vec(text(), 0..3), vec(text(), 0..2), vec(text(), 0..2))
            .prop_map(|(entity_id, device_id, area_id, floor_id, label_id)| {
                TargetIds { entity_id, device_id, area_id, floor_id, label_id }
            })
            .prop_filter("a target names something", |ids| !ids.is_empty())
            .prop_map(Target::Ids),
        1 => template().prop_map(Target::Template),
    ]
}

fn service_data() -> impl Strategy<Value = ServiceData> {
    prop_oneof![
        4 => fields().prop_map(ServiceData::Fields),
        1 => template().prop_map(ServiceData::Template),
    ]
}

fn leaf_action_kind() -> impl Strategy<Value = ActionKind> {
    prop_oneof![
        6 => (action_name(), option::of(target()), option::of(service_data()), option::of(text()), option::of(fields()))
            .prop_map(|(action, target, data, response_variable, metadata)| {
                ActionKind::Call(ServiceCall { action, target, data, response_variable, metadata })
            }),
        1 => time_period().prop_map(ActionKind::Delay),
        1 => (text(), option::of(time_period()), option::of(any::<bool>()))
            .prop_map(|(wait_template, timeout, continue_on_timeout)| {
                ActionKind::WaitTemplate(WaitTemplate { wait_template, timeout, continue_on_timeout })
            }),
        1 => (vec(trigger(), 0..3), option::of(time_period()), option::of(any::<bool>()))
            .prop_map(|(triggers, timeout, continue_on_timeout)| {
                ActionKind::WaitForTrigger(WaitForTrigger { triggers, timeout, continue_on_timeout })
            }),
        1 => fields().prop_map(ActionKind::Variables),
        1 => (text(), option::of(any::<bool>()), option::of(text()))
            .prop_map(|(reason, error, response_variable)| ActionKind::Stop(Stop { reason, error, response_variable })),
        1 => (text(), option::of(fields()))
            .prop_map(|(event, event_data)| ActionKind::Event(FireEvent { event, event_data })),
        1 => text().prop_map(ActionKind::Scene),
        1 => condition_kind().prop_map(ActionKind::Condition),
        1 => option::of(text()).prop_map(ActionKind::SetConversationResponse),
        1 => (text(), text(), unknown_fields())
            .prop_map(|(device_id, domain, fields)| ActionKind::Device(DeviceAction { device_id, domain, fields })),
        1 => btree_map(unknown_key(), json(), 1..3)
            .prop_map(|m| ActionKind::Other(m.into_iter().collect())),
    ]
}

fn with_common(kind: impl Strategy<Value = ActionKind>) -> impl Strategy<Value = Action> {
    (
        option::of(text()),
        option::of(any::<bool>()),
        option::of(any::<bool>()),
        kind,
    )
        .prop_map(|(alias, enabled, continue_on_error, kind)| match kind {
            ActionKind::Other(_) => Action::new(kind),
            kind => Action {
                alias,
                enabled,
                continue_on_error,
                kind,
            },
        })
}

pub fn action() -> impl Strategy<Value = Action> {
    with_common(leaf_action_kind()).prop_recursive(3, 16, 3, |inner| {
        let steps = vec(inner, 0..3);
        let kinds = prop_oneof![
            (
                vec(
                    (option::of(text()), vec(condition(), 0..2), steps.clone()),
                    0..3
                ),
                steps.clone()
            )
                .prop_map(|(options, default)| ActionKind::Choose(Choose {
                    options: options
                        .into_iter()
                        .map(|(alias, conditions, sequence)| ChooseOption {
                            alias,
                            conditions,
                            sequence
                        })
                        .collect(),
                    default,
                })),
            (vec(condition(), 0..2), steps.clone(), steps.clone()).prop_map(
                |(conditions, then, else_)| ActionKind::If(IfThen {
                    conditions,
                    then,
                    else_
                })
            ),
            (repeat_kind(), steps.clone())
                .prop_map(|(kind, sequence)| ActionKind::Repeat(Repeat { kind, sequence })),
            steps.clone().prop_map(ActionKind::Parallel),
            steps.prop_map(ActionKind::Sequence),
        ];
        with_common(kinds)
    })
}

fn repeat_kind() -> impl Strategy<Value = RepeatKind> {
    prop_oneof![
        (0..1000_i64).prop_map(|n| RepeatKind::Count(IntOrTemplate::Int(n))),
        template().prop_map(|t| RepeatKind::Count(IntOrTemplate::Template(t))),
        vec(condition(), 0..2).prop_map(RepeatKind::While),
        vec(condition(), 0..2).prop_map(RepeatKind::Until),
        vec(json(), 0..3).prop_map(|v| RepeatKind::ForEach(Value::Array(v))),
        template().prop_map(|t| RepeatKind::ForEach(Value::String(t))),
    ]
}

pub fn automation() -> impl Strategy<Value = Automation> {
    let head = (
        option::of(text()),
        option::of(text()),
        option::of(text()),
        option::of(prop::sample::select(Mode::ALL.to_vec())),
        option::of(1..=u32::MAX),
        option::of(prop::sample::select(MaxExceeded::ALL.to_vec())),
        option::of(fields()),
        option::of(fields()),
        option::of(option::of(any::<u32>()).prop_map(|stored_traces| Trace { stored_traces })),
        option::of(any::<bool>()),
    );
    let lists = (
        vec(trigger(), 1..3),
        vec(condition(), 0..3),
        vec(action(), 1..4),
    );
    (head, lists).prop_map(
        |(
            (
                id,
                alias,
                description,
                mode,
                max,
                max_exceeded,
                variables,
                trigger_variables,
                trace,
                initial_state,
            ),
            (triggers, conditions, actions),
        )| Automation {
            id,
            alias,
            description,
            mode,
            max,
            max_exceeded,
            variables,
            trigger_variables,
            trace,
            initial_state,
            triggers,
            conditions,
            actions,
        },
    )
}
