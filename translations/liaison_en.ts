<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Liaison::CrmConnectionsPage</name>
    <message>
        <source>CRM connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CRM organisations Liaison signs in to with an application (client credentials).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No CRM connections yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add one with &lt;code&gt;liaisonctl crm add …&lt;/code&gt;, then store its client secret in the keychain with &lt;code&gt;liaisonctl crm set NAME --secret-stdin&lt;/code&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No client secret stored: run liaisonctl crm set %1 --secret-stdin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entra ID (global)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System CAs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pinned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pinned certificate is trusted in addition to the system CAs; remove it with liaisonctl crm set %1 --pin-cert none</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Liaison::DisplayText</name>
    <message>
        <source>EWS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft Graph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Basic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NTLM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OAuth 2.0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dynamics 365 / Dataverse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Salesforce</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emails</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both ways</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchange → CRM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CRM → Exchange</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since last month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last %1 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Liaison::ErrorReportPage</name>
    <message>
        <source>Error report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync failures, newest first, with the user affected and the suggested fix.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggested fix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sync has run yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failures appear here with a suggested fix once &lt;code&gt;liaisond&lt;/code&gt; has run. An empty report after a sync means no errors.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
Fix: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Liaison::ExchangeProfilesPage</name>
    <message>
        <source>Exchange profiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How Liaison reaches each Exchange organisation. Users without a profile of their own use the default profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impersonation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No Exchange profiles yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft Graph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autodiscover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add one with &lt;code&gt;liaisonctl profile add …&lt;/code&gt;, then store its password in the keychain with &lt;code&gt;liaisonctl profile set NAME --secret-stdin&lt;/code&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No secret stored for this profile: run liaisonctl profile set %1 --secret-stdin</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Liaison::KeychainBanner</name>
    <message>
        <source>&lt;b&gt;Keychain unavailable:&lt;/b&gt; %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passwords and client secrets cannot be stored or read until the OS keychain is reachable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Fix:&lt;/b&gt; %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Liaison::MainWindow</name>
    <message>
        <source>Liaison — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monitoring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Liaison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Liaison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Liaison %1&lt;/b&gt;&lt;p&gt;Keeps Microsoft Exchange mailboxes and your CRM in sync.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Liaison::SyncConfigurationsPage</name>
    <message>
        <source>Sync configurations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What syncs and in which direction for the users assigned to each configuration. Inactive configurations sync nobody.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emails</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sync configurations yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sync configurations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create one with &lt;code&gt;liaisonctl config add …&lt;/code&gt;, then assign users or security profiles to it with &lt;code&gt;liaisonctl assignment add …&lt;/code&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Liaison::SystemStatusPage</name>
    <message>
        <source>System status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whether Liaison can reach Exchange and the CRM, and when each kind of item last synced.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Component</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sync has run yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status appears here after the sync service &lt;code&gt;liaisond&lt;/code&gt; completes its first cycle. Check the setup pages first: a profile, a CRM connection, a configuration and assigned users.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Liaison::TablePage</name>
    <message>
        <source>Fix: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Liaison::UserStatusPage</name>
    <message>
        <source>User status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where each user&apos;s sync stands, per item type and direction.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sync has run yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each assigned user gets a row per item type once &lt;code&gt;liaisond&lt;/code&gt; has synced their mailbox.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Liaison::UsersAssignmentsPage</name>
    <message>
        <source>Users &amp; assignments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mailboxes Liaison syncs and the configuration that applies to each. An individual assignment wins over one made through the user&apos;s security profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CRM user id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchange profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No users yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default (none set)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not assigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (via profile %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — inactive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not sync while its configuration is inactive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security profile assignments: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add one with &lt;code&gt;liaisonctl user add …&lt;/code&gt;, then put it in a sync configuration with &lt;code&gt;liaisonctl assignment add …&lt;/code&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not sync. Assign it with liaisonctl assignment add …</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncJournalFeed</name>
    <message>
        <source>user %1 (removed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not started</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Liaison console: Exchange and CRM sync administration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the Liaison database &lt;file&gt; (default: %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Liaison</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
