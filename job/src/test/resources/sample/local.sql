-- The local run's SQL variant (LocalRun --sql): the sample CDP topics as Kafka tables, one braze
-- table per export, and the queries between them. LocalRun fills in the ${...} values for the
-- embedded Kafka broker and the Braze emulator it starts; everything else is as a user would
-- write it.

SET 'execution.checkpointing.interval' = '2s';

-- CDP profiles. A record whose loyalty_points is an {"inc": n} object does not fit the INT
-- column: with json.ignore-parse-errors its value reads as NULL, and a record that is not JSON
-- at all is skipped by the format (it never reaches the braze table, so it is no dead letter).
CREATE TABLE cdp_profiles (
    external_id STRING,
    first_name STRING,
    email STRING,
    plan STRING,
    home_city STRING,
    loyalty_points INT,
    preferences STRING,
    vip BOOLEAN,
    dob STRING
) WITH (
    'connector' = 'kafka',
    'topic' = 'cdp.profiles',
    'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
    'properties.group.id' = 'braze-sync-local-sql',
    'scan.startup.mode' = 'earliest-offset',
    'scan.bounded.mode' = 'latest-offset',
    'format' = 'json',
    'json.ignore-parse-errors' = 'true'
);

CREATE TABLE braze_profiles (
    external_id STRING,
    first_name STRING,
    email STRING,
    plan STRING,
    home_city STRING,
    loyalty_points INT,
    preferences STRING,
    vip BOOLEAN,
    dob STRING
) WITH (
    'connector' = 'braze',
    'mode' = 'user_track',
    'track-record-type' = 'user_profile_attributes',
    'pre-formatted-fields' = 'preferences',
    'endpoint' = '${BRAZE_ENDPOINT}',
    'api-key-file' = '${BRAZE_API_KEY_FILE}',
    'linger' = '100ms',
    'dead-letter-topic' = 'braze-dead-letters',
    'dead-letter-bootstrap-servers' = '${KAFKA_BOOTSTRAP}'
);

INSERT INTO braze_profiles
SELECT external_id, first_name, LOWER(email), UPPER(plan), home_city, loyalty_points,
       preferences, vip, dob
FROM cdp_profiles;

-- CDP events: epoch milliseconds become TIMESTAMP_LTZ, sent as ISO-8601; the source column
-- joins the event's properties.
CREATE TABLE cdp_events (
    external_id STRING,
    name STRING,
    `time` BIGINT,
    source STRING,
    properties ROW<section STRING>
) WITH (
    'connector' = 'kafka',
    'topic' = 'cdp.events',
    'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
    'properties.group.id' = 'braze-sync-local-sql',
    'scan.startup.mode' = 'earliest-offset',
    'scan.bounded.mode' = 'latest-offset',
    'format' = 'json',
    'json.ignore-parse-errors' = 'true'
);

CREATE TABLE braze_events (
    external_id STRING,
    name STRING,
    `time` TIMESTAMP_LTZ(3),
    properties ROW<section STRING>,
    source STRING
) WITH (
    'connector' = 'braze',
    'mode' = 'user_track',
    'track-record-type' = 'custom_events',
    'endpoint' = '${BRAZE_ENDPOINT}',
    'api-key-file' = '${BRAZE_API_KEY_FILE}',
    'linger' = '100ms',
    'dead-letter-topic' = 'braze-dead-letters',
    'dead-letter-bootstrap-servers' = '${KAFKA_BOOTSTRAP}'
);

INSERT INTO braze_events
SELECT external_id, name, TO_TIMESTAMP_LTZ(`time`, 3), properties, source
FROM cdp_events;

-- CDP purchases.
CREATE TABLE cdp_purchases (
    external_id STRING,
    product_id STRING,
    currency STRING,
    price DECIMAL(10, 2),
    quantity INT,
    `time` STRING,
    coupon STRING
) WITH (
    'connector' = 'kafka',
    'topic' = 'cdp.purchases',
    'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
    'properties.group.id' = 'braze-sync-local-sql',
    'scan.startup.mode' = 'earliest-offset',
    'scan.bounded.mode' = 'latest-offset',
    'format' = 'json'
);

CREATE TABLE braze_purchases (
    external_id STRING,
    product_id STRING,
    currency STRING,
    price DECIMAL(10, 2),
    quantity INT,
    `time` STRING,
    coupon STRING
) WITH (
    'connector' = 'braze',
    'mode' = 'user_track',
    'track-record-type' = 'purchases',
    'endpoint' = '${BRAZE_ENDPOINT}',
    'api-key-file' = '${BRAZE_API_KEY_FILE}',
    'linger' = '100ms',
    'dead-letter-topic' = 'braze-dead-letters',
    'dead-letter-bootstrap-servers' = '${KAFKA_BOOTSTRAP}'
);

INSERT INTO braze_purchases SELECT * FROM cdp_purchases;

-- Aliases, identifies and deletes: the columns are exactly what each mode reads.
CREATE TABLE cdp_aliases (
    alias_name STRING,
    alias_label STRING,
    external_id STRING
) WITH (
    'connector' = 'kafka',
    'topic' = 'cdp.aliases',
    'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
    'properties.group.id' = 'braze-sync-local-sql',
    'scan.startup.mode' = 'earliest-offset',
    'scan.bounded.mode' = 'latest-offset',
    'format' = 'json'
);

CREATE TABLE braze_aliases WITH (
    'connector' = 'braze',
    'mode' = 'user_new_alias',
    'endpoint' = '${BRAZE_ENDPOINT}',
    'api-key-file' = '${BRAZE_API_KEY_FILE}',
    'linger' = '100ms',
    'dead-letter-topic' = 'braze-dead-letters',
    'dead-letter-bootstrap-servers' = '${KAFKA_BOOTSTRAP}'
) LIKE cdp_aliases (EXCLUDING OPTIONS);

INSERT INTO braze_aliases SELECT * FROM cdp_aliases;

CREATE TABLE cdp_identifies (
    external_id STRING,
    alias_name STRING,
    alias_label STRING
) WITH (
    'connector' = 'kafka',
    'topic' = 'cdp.identifies',
    'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
    'properties.group.id' = 'braze-sync-local-sql',
    'scan.startup.mode' = 'earliest-offset',
    'scan.bounded.mode' = 'latest-offset',
    'format' = 'json'
);

CREATE TABLE braze_identifies WITH (
    'connector' = 'braze',
    'mode' = 'user_identify',
    'endpoint' = '${BRAZE_ENDPOINT}',
    'api-key-file' = '${BRAZE_API_KEY_FILE}',
    'linger' = '100ms',
    'dead-letter-topic' = 'braze-dead-letters',
    'dead-letter-bootstrap-servers' = '${KAFKA_BOOTSTRAP}'
) LIKE cdp_identifies (EXCLUDING OPTIONS);

INSERT INTO braze_identifies SELECT * FROM cdp_identifies;

-- A delete by email is not possible in Braze, so the braze table has no email column: a record
-- that names only an email becomes a row without an identifier, which goes to the dead-letter
-- topic with its reason.
CREATE TABLE cdp_deletes (
    external_id STRING,
    email STRING
) WITH (
    'connector' = 'kafka',
    'topic' = 'cdp.deletes',
    'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP}',
    'properties.group.id' = 'braze-sync-local-sql',
    'scan.startup.mode' = 'earliest-offset',
    'scan.bounded.mode' = 'latest-offset',
    'format' = 'json'
);

CREATE TABLE braze_deletes (
    external_id STRING
) WITH (
    'connector' = 'braze',
    'mode' = 'user_delete',
    'endpoint' = '${BRAZE_ENDPOINT}',
    'api-key-file' = '${BRAZE_API_KEY_FILE}',
    'linger' = '100ms',
    'dead-letter-topic' = 'braze-dead-letters',
    'dead-letter-bootstrap-servers' = '${KAFKA_BOOTSTRAP}'
);

INSERT INTO braze_deletes SELECT external_id FROM cdp_deletes;
