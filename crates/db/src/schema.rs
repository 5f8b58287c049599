// @generated automatically by Diesel CLI.

diesel::table! {
    analysis_runs (id) {
        id -> Integer,
        trigger -> Text,
        status -> Text,
        events_analysed -> Integer,
        patterns_detected -> Integer,
        synergies_detected -> Integer,
        errors -> Text,
        duration_ms -> Nullable<BigInt>,
        started_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    ask_queries (query_id) {
        query_id -> Text,
        conversation_id -> Nullable<Text>,
        original_query -> Text,
        user_id -> Text,
        parsed_intent -> Text,
        extracted_entities -> Text,
        automation_json -> Nullable<Text>,
        confidence -> Nullable<Double>,
        engine -> Text,
        processing_time_ms -> Integer,
        failure_reason -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    automation_versions (id) {
        id -> Integer,
        automation_id -> Integer,
        version -> Integer,
        automation_json -> Text,
        automation_yaml -> Text,
        ha_version -> Text,
        safety_score -> Nullable<Integer>,
        reason -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    clarification_sessions (session_id) {
        session_id -> Text,
        query_id -> Text,
        questions -> Text,
        answers -> Text,
        status -> Text,
        rounds_completed -> Integer,
        max_rounds -> Integer,
        confidence -> Nullable<Double>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    conversations (id) {
        id -> Text,
        user_id -> Text,
        automation_json -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    correlation_cache (kind, cache_key) {
        kind -> Text,
        cache_key -> Text,
        value -> Text,
        stored_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    deployed_automations (id) {
        id -> Integer,
        ha_config_id -> Text,
        suggestion_id -> Nullable<Integer>,
        entity_id -> Nullable<Text>,
        alias -> Text,
        state -> Text,
        current_version -> Integer,
        deployed_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    entity_aliases (id) {
        id -> Integer,
        alias -> Text,
        entity_id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    events (id) {
        id -> BigInt,
        entity_id -> Text,
        domain -> Text,
        old_state -> Nullable<Text>,
        new_state -> Nullable<Text>,
        attributes_only -> Bool,
        attributes -> Text,
        cause -> Text,
        context_id -> Text,
        user_id -> Nullable<Text>,
        parent_id -> Nullable<Text>,
        time_fired_us -> BigInt,
        source -> Text,
        ingested_at -> Timestamp,
    }
}

diesel::table! {
    experiment_group_runs (group_id, job_id) {
        group_id -> Integer,
        job_id -> Integer,
        added_at -> Timestamp,
    }
}

diesel::table! {
    experiment_groups (id) {
        id -> Integer,
        name -> Text,
        description -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    experiment_metrics (id) {
        id -> Integer,
        experiment_id -> Integer,
        epoch -> Integer,
        split -> Text,
        name -> Text,
        value -> Double,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    experiment_params (id) {
        id -> Integer,
        experiment_id -> Integer,
        name -> Text,
        value -> Text,
    }
}

diesel::table! {
    experiments (id) {
        id -> Integer,
        job_id -> Integer,
        name -> Text,
        model_type -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    ha_areas (area_id) {
        area_id -> Text,
        name -> Text,
        aliases -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    ha_devices (device_id) {
        device_id -> Text,
        name -> Text,
        manufacturer -> Nullable<Text>,
        model -> Nullable<Text>,
        area_id -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    ha_entities (entity_id) {
        entity_id -> Text,
        domain -> Text,
        friendly_name -> Nullable<Text>,
        device_id -> Nullable<Text>,
        area_id -> Nullable<Text>,
        device_class -> Nullable<Text>,
        platform -> Nullable<Text>,
        aliases -> Text,
        disabled -> Bool,
        hidden -> Bool,
        state -> Nullable<Text>,
        attributes -> Text,
        last_changed -> Nullable<Timestamp>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    ingest_checkpoints (source) {
        source -> Text,
        last_event_us -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    model_artefacts (id) {
        id -> Integer,
        model_type -> Text,
        version -> Integer,
        job_id -> Nullable<Integer>,
        path -> Text,
        sha256 -> Text,
        size_bytes -> BigInt,
        metrics -> Text,
        is_active -> Bool,
        created_at -> Timestamp,
        activated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    pattern_history (id) {
        id -> Integer,
        pattern_id -> Integer,
        confidence -> Double,
        support -> Integer,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    patterns (id) {
        id -> Integer,
        kind -> Text,
        pattern_key -> Text,
        entities -> Text,
        params -> Text,
        support -> Integer,
        days_seen -> Integer,
        days_observed -> Integer,
        time_spread_min -> Nullable<Double>,
        confidence -> Double,
        season -> Nullable<Text>,
        evidence -> Text,
        description -> Text,
        first_seen -> Timestamp,
        last_seen -> Timestamp,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    preferences (id) {
        id -> Integer,
        max_suggestions -> Integer,
        min_confidence -> Double,
        analysis_hour -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    suggestion_feedback (id) {
        id -> Integer,
        suggestion_id -> Integer,
        action -> Text,
        pattern_kind -> Nullable<Text>,
        domain -> Nullable<Text>,
        feedback_text -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    suggestion_status_history (id) {
        id -> Integer,
        suggestion_id -> Integer,
        from_status -> Nullable<Text>,
        to_status -> Text,
        reason -> Nullable<Text>,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    suggestions (id) {
        id -> Integer,
        source -> Text,
        pattern_id -> Nullable<Integer>,
        synergy_id -> Nullable<Integer>,
        title -> Text,
        description -> Text,
        automation_json -> Text,
        evidence -> Text,
        confidence -> Double,
        rank_score -> Double,
        rank_reason -> Text,
        fingerprint -> Text,
        status -> Text,
        rejection_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    synergies (id) {
        id -> Integer,
        kind -> Text,
        synergy_key -> Text,
        trigger_entity -> Text,
        action_entity -> Text,
        entities -> Text,
        area_id -> Nullable<Text>,
        relationship -> Text,
        support -> Integer,
        lift -> Nullable<Double>,
        confidence -> Double,
        impact_score -> Double,
        explanation -> Text,
        evidence -> Text,
        supporting_pattern_ids -> Text,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    synergy_feedback (id) {
        id -> Integer,
        synergy_id -> Integer,
        accepted -> Bool,
        rating -> Nullable<Integer>,
        feedback_text -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    training_jobs (id) {
        id -> Integer,
        model_type -> Text,
        status -> Text,
        priority -> Integer,
        execution_mode -> Text,
        config -> Text,
        progress -> Double,
        current_epoch -> Integer,
        total_epochs -> Nullable<Integer>,
        retry_of -> Nullable<Integer>,
        worker_id -> Nullable<Text>,
        error_message -> Nullable<Text>,
        created_at -> Timestamp,
        started_at -> Nullable<Timestamp>,
        finished_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    training_logs (id) {
        id -> Integer,
        job_id -> Integer,
        seq -> Integer,
        level -> Text,
        message -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(ask_queries -> conversations (conversation_id));
diesel::joinable!(automation_versions -> deployed_automations (automation_id));
diesel::joinable!(clarification_sessions -> ask_queries (query_id));
diesel::joinable!(deployed_automations -> suggestions (suggestion_id));
diesel::joinable!(experiment_group_runs -> experiment_groups (group_id));
diesel::joinable!(experiment_group_runs -> training_jobs (job_id));
diesel::joinable!(experiment_metrics -> experiments (experiment_id));
diesel::joinable!(experiment_params -> experiments (experiment_id));
diesel::joinable!(experiments -> training_jobs (job_id));
diesel::joinable!(ha_devices -> ha_areas (area_id));
diesel::joinable!(ha_entities -> ha_areas (area_id));
diesel::joinable!(ha_entities -> ha_devices (device_id));
diesel::joinable!(model_artefacts -> training_jobs (job_id));
diesel::joinable!(pattern_history -> patterns (pattern_id));
diesel::joinable!(suggestion_feedback -> suggestions (suggestion_id));
diesel::joinable!(suggestion_status_history -> suggestions (suggestion_id));
diesel::joinable!(suggestions -> patterns (pattern_id));
diesel::joinable!(suggestions -> synergies (synergy_id));
diesel::joinable!(synergy_feedback -> synergies (synergy_id));
diesel::joinable!(training_logs -> training_jobs (job_id));

diesel::allow_tables_to_appear_in_same_query!(
    analysis_runs,
    ask_queries,
    automation_versions,
    clarification_sessions,
    conversations,
    correlation_cache,
    deployed_automations,
    entity_aliases,
    events,
    experiment_group_runs,
    experiment_groups,
    experiment_metrics,
    experiment_params,
    experiments,
    ha_areas,
    ha_devices,
    ha_entities,
    ingest_checkpoints,
    model_artefacts,
    pattern_history,
    patterns,
    preferences,
    suggestion_feedback,
    suggestion_status_history,
    suggestions,
    synergies,
    synergy_feedback,
    training_jobs,
    training_logs,
);
