#include "store/migrations.h"

namespace Liaison::Migrations {
namespace {

// v1: the admin model. Enums are stored by their stable names (model/enums.h); names and
// addresses compare case-insensitively; secrets are never here (only has_secret flags).
Migration adminModel()
{
    return {1, QStringLiteral("admin model"), {
        QStringLiteral(R"(CREATE TABLE exchange_profiles (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL COLLATE NOCASE UNIQUE,
            kind TEXT NOT NULL,
            ews_url TEXT NOT NULL DEFAULT '',
            autodiscover INTEGER NOT NULL DEFAULT 1,
            auth TEXT NOT NULL,
            tenant_id TEXT NOT NULL DEFAULT '',
            client_id TEXT NOT NULL DEFAULT '',
            service_account TEXT NOT NULL DEFAULT '',
            impersonation INTEGER NOT NULL DEFAULT 1,
            additional_domains TEXT NOT NULL DEFAULT '[]',
            is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
            pinned_certificate_pem TEXT NOT NULL DEFAULT '',
            trace INTEGER NOT NULL DEFAULT 0,
            has_secret INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL))"),
        // At most one default profile, enforced by the file itself.
        QStringLiteral("CREATE UNIQUE INDEX exchange_profiles_one_default ON exchange_profiles(is_default) "
                       "WHERE is_default = 1"),
        QStringLiteral(R"(CREATE TABLE crm_connections (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL COLLATE NOCASE UNIQUE,
            kind TEXT NOT NULL,
            url TEXT NOT NULL,
            tenant_id TEXT NOT NULL DEFAULT '',
            client_id TEXT NOT NULL DEFAULT '',
            has_secret INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL))"),
        QStringLiteral(R"(CREATE TABLE configurations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL COLLATE NOCASE UNIQUE,
            active INTEGER NOT NULL DEFAULT 1,
            description TEXT NOT NULL DEFAULT '',
            contact_ownership TEXT NOT NULL,
            contact_tie_break TEXT NOT NULL,
            event_window TEXT NOT NULL,
            event_window_days INTEGER NOT NULL CHECK (event_window_days BETWEEN 1 AND 180),
            sync_private_events INTEGER NOT NULL DEFAULT 0,
            contacts_folder_name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL))"),
        QStringLiteral(R"(CREATE TABLE configuration_objects (
            configuration_id INTEGER NOT NULL REFERENCES configurations(id) ON DELETE CASCADE,
            object_type TEXT NOT NULL,
            direction TEXT NOT NULL,
            conflict TEXT NOT NULL,
            PRIMARY KEY (configuration_id, object_type)))"),
        QStringLiteral(R"(CREATE TABLE field_mappings (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            configuration_id INTEGER NOT NULL,
            object_type TEXT NOT NULL,
            position INTEGER NOT NULL,
            exchange_field TEXT NOT NULL,
            crm_field TEXT NOT NULL,
            direction TEXT NOT NULL,
            FOREIGN KEY (configuration_id, object_type)
                REFERENCES configuration_objects(configuration_id, object_type) ON DELETE CASCADE))"),
        QStringLiteral("CREATE INDEX field_mappings_object ON field_mappings(configuration_id, object_type)"),
        QStringLiteral(R"(CREATE TABLE contact_filters (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            configuration_id INTEGER NOT NULL REFERENCES configurations(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            crm_field TEXT NOT NULL,
            op TEXT NOT NULL,
            value TEXT NOT NULL DEFAULT ''))"),
        QStringLiteral("CREATE INDEX contact_filters_configuration ON contact_filters(configuration_id)"),
        QStringLiteral(R"(CREATE TABLE users (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            crm_user_id TEXT NOT NULL UNIQUE,
            exchange_address TEXT NOT NULL COLLATE NOCASE UNIQUE,
            display_name TEXT NOT NULL DEFAULT '',
            crm_security_profile TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
            exchange_profile_id INTEGER REFERENCES exchange_profiles(id) ON DELETE RESTRICT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL))"),
        QStringLiteral("CREATE INDEX users_exchange_profile ON users(exchange_profile_id)"),
        // NULLs never clash under UNIQUE, so "unique when set" needs no partial index.
        QStringLiteral(R"(CREATE TABLE assignments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            configuration_id INTEGER NOT NULL REFERENCES configurations(id) ON DELETE RESTRICT,
            target TEXT NOT NULL CHECK (target IN ('user', 'profile')),
            user_id INTEGER UNIQUE REFERENCES users(id) ON DELETE CASCADE,
            security_profile TEXT COLLATE NOCASE UNIQUE,
            created_at TEXT NOT NULL,
            CHECK ((target = 'user' AND user_id IS NOT NULL AND security_profile IS NULL)
                OR (target = 'profile' AND user_id IS NULL AND security_profile IS NOT NULL))))"),
        QStringLiteral("CREATE INDEX assignments_configuration ON assignments(configuration_id)"),
        QStringLiteral(R"(CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL DEFAULT '',
            action TEXT NOT NULL,
            object_type TEXT NOT NULL DEFAULT '',
            object_id INTEGER NOT NULL DEFAULT 0,
            details TEXT NOT NULL DEFAULT ''))"),
    }};
}

// v2: what the sync engine remembers between runs.
Migration syncTables()
{
    return {2, QStringLiteral("sync state"), {
        // Exchange item ids are case-sensitive base64: BINARY collation, and at most 512 bytes
        // (EWS ids are far shorter; the bound stops garbage from bloating the index).
        QStringLiteral(R"(CREATE TABLE id_mappings (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            mailbox TEXT NOT NULL COLLATE NOCASE,
            object_type TEXT NOT NULL,
            exchange_item_id TEXT NOT NULL COLLATE BINARY
                CHECK (length(CAST(exchange_item_id AS BLOB)) BETWEEN 1 AND 512),
            change_key TEXT NOT NULL DEFAULT '',
            crm_id TEXT,
            crm_etag TEXT NOT NULL DEFAULT '',
            content_hash TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            last_synced_at TEXT,
            last_error TEXT NOT NULL DEFAULT '',
            retry_count INTEGER NOT NULL DEFAULT 0,
            UNIQUE (mailbox, object_type, exchange_item_id)))"),
        QStringLiteral("CREATE INDEX id_mappings_crm ON id_mappings(object_type, crm_id)"),
        QStringLiteral(R"(CREATE TABLE sync_states (
            mailbox TEXT NOT NULL COLLATE NOCASE,
            folder_id TEXT NOT NULL COLLATE BINARY,
            kind TEXT NOT NULL,
            state TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (mailbox, folder_id, kind)))"),
        QStringLiteral(R"(CREATE TABLE sync_status (
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            object_type TEXT NOT NULL,
            direction TEXT NOT NULL,
            state TEXT NOT NULL,
            message TEXT NOT NULL DEFAULT '',
            last_success_at TEXT,
            last_attempt_at TEXT,
            items_synced INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (user_id, object_type, direction)))"),
        QStringLiteral(R"(CREATE TABLE error_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
            mailbox TEXT NOT NULL DEFAULT '',
            object_type TEXT,
            code TEXT NOT NULL,
            message TEXT NOT NULL,
            suggested_fix TEXT NOT NULL DEFAULT ''))"),
        QStringLiteral("CREATE INDEX error_log_user ON error_log(user_id, object_type)"),
    }};
}

// v3: CRM connections in sovereign clouds (their own Entra authority) and with a pinned certificate.
Migration crmAuthority()
{
    return {3, QStringLiteral("CRM authority and pinning"), {
        QStringLiteral("ALTER TABLE crm_connections ADD COLUMN authority TEXT NOT NULL DEFAULT ''"),
        QStringLiteral("ALTER TABLE crm_connections ADD COLUMN pinned_certificate_pem TEXT NOT NULL DEFAULT ''"),
    }};
}

} // namespace

const QList<Migration> &all()
{
    static const QList<Migration> steps{adminModel(), syncTables(), crmAuthority()};
    return steps;
}

int latestVersion()
{
    return all().constLast().version;
}

} // namespace Liaison::Migrations
