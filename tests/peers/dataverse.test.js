'use strict';
// The Dataverse sandbox judged by dynamics-web-api, a Dataverse Web API client nobody here wrote:
// WhoAmI, create/retrieve/update/delete, etags (If-Match, If-None-Match), paging, change tracking,
// $batch with change sets, lookups bound with @odata.bind, tasks and appointments with parties.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startSandbox, requirePeer } = require('./lib/sandbox');
const { expectGap } = require('./lib/known-gaps');
const { DynamicsWebApi } = requirePeer('dynamics-web-api');

let sandbox;
let token;
let api;        // the library's defaults (a 412 on update/delete answers false)
let strict;     // propagateErrors: every HTTP error rejects

// Client credentials against the sandbox's Entra-shaped token endpoint; the library only asks for
// the token (onTokenRefresh), as it does with MSAL in production.
async function clientCredentialsToken() {
    const res = await fetch(sandbox.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: sandbox.clientId,
            client_secret: sandbox.clientSecret,
            scope: new URL('.default', sandbox.baseUrl).toString(),
        }),
    });
    const body = await res.json();
    assert.equal(res.status, 200, `token endpoint: ${JSON.stringify(body)}`);
    assert.equal(body.token_type, 'Bearer');
    return body.access_token;
}

before(async () => {
    sandbox = await startSandbox();
    token = await clientCredentialsToken();
    const config = { serverUrl: sandbox.baseUrl, dataApi: { version: '9.2' }, onTokenRefresh: async () => token };
    api = new DynamicsWebApi(config);
    strict = new DynamicsWebApi({ ...config, propagateErrors: true });
});

after(async () => {
    if (sandbox)
        assert.deepEqual(await sandbox.stop(), { code: 0, signal: null }, 'liaison-sandbox stops cleanly on SIGTERM');
});

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function rejectsWithStatus(promise, status) {
    await assert.rejects(promise, (e) => {
        assert.equal(e.status, status, `expected HTTP ${status}, got ${e.status}: ${e.message}`);
        return true;
    });
}

test('WhoAmI() names the caller, a systemusers row', async () => {
    const me = await api.callFunction('WhoAmI');
    assert.match(me.UserId, GUID);
    assert.match(me.BusinessUnitId, GUID);
    assert.match(me.OrganizationId, GUID);
    const user = await api.retrieve({ collection: 'systemusers', key: me.UserId, select: ['systemuserid', 'fullname'] });
    assert.equal(user.systemuserid, me.UserId);
});

test('contact: create, retrieve, update, delete', async () => {
    const id = await api.create({
        collection: 'contacts',
        data: { firstname: 'Ada', lastname: 'Lovelace', emailaddress1: 'ada@example.com', jobtitle: 'Mathematician' },
    });
    assert.match(id, GUID, 'create answers the new id (OData-EntityId)');

    const read = await api.retrieve({ collection: 'contacts', key: id, select: ['firstname', 'lastname', 'emailaddress1', 'jobtitle'] });
    assert.equal(read.contactid, id);
    assert.equal(read.firstname, 'Ada');
    assert.equal(read.lastname, 'Lovelace');
    assert.equal(read.emailaddress1, 'ada@example.com');
    assert.equal(read.jobtitle, 'Mathematician');
    assert.match(read['@odata.etag'], /^W\/"\d+"$/);

    await api.update({ collection: 'contacts', key: id, data: { jobtitle: 'Countess', telephone1: '+44 20 7946 0000' } });
    const updated = await api.retrieve({ collection: 'contacts', key: id, select: ['jobtitle', 'telephone1', 'lastname'] });
    assert.equal(updated.jobtitle, 'Countess');
    assert.equal(updated.telephone1, '+44 20 7946 0000');
    assert.equal(updated.lastname, 'Lovelace', 'PATCH leaves other columns alone');

    // create with return=representation answers the row.
    const echoed = await api.create({ collection: 'contacts', data: { lastname: 'Echo' }, returnRepresentation: true,
        select: ['contactid', 'lastname'] });
    assert.equal(echoed.lastname, 'Echo');
    assert.match(echoed.contactid, GUID);

    await api.deleteRecord({ collection: 'contacts', key: id });
    await rejectsWithStatus(api.retrieve({ collection: 'contacts', key: id }), 404);
    // update's default If-Match: * keeps a PATCH from creating (upserting) the deleted row.
    await rejectsWithStatus(api.update({ collection: 'contacts', key: id, data: { lastname: 'Ghost' } }), 404);
});

test('etags: If-Match updates the version it read, a stale etag fails 412, If-None-Match answers 304', async () => {
    const id = await api.create({ collection: 'contacts', data: { lastname: 'Etag' } });
    const first = await api.retrieve({ collection: 'contacts', key: id, select: ['lastname'] });
    const etag = first['@odata.etag'];

    await api.update({ collection: 'contacts', key: id, ifmatch: etag, data: { jobtitle: 'First' } });
    const second = await api.retrieve({ collection: 'contacts', key: id, select: ['jobtitle'] });
    assert.notEqual(second['@odata.etag'], etag, 'an update gives the row a new etag');
    assert.equal(second.jobtitle, 'First');

    // The library answers false for a 412 on update/delete; with propagateErrors the 412 itself shows.
    assert.equal(await api.update({ collection: 'contacts', key: id, ifmatch: etag, data: { jobtitle: 'Lost' } }), false);
    await rejectsWithStatus(strict.update({ collection: 'contacts', key: id, ifmatch: etag, data: { jobtitle: 'Lost' } }), 412);
    assert.equal(await api.deleteRecord({ collection: 'contacts', key: id, ifmatch: etag }), false);
    assert.equal((await api.retrieve({ collection: 'contacts', key: id, select: ['jobtitle'] })).jobtitle, 'First',
        'a refused update changed nothing');

    // A GET with the current etag in If-None-Match: 304, the library answers no body.
    const unchanged = await api.retrieve({ collection: 'contacts', key: id, select: ['jobtitle'], ifnonematch: second['@odata.etag'] });
    assert.ok(unchanged === undefined || unchanged === null || Object.keys(unchanged).length === 0,
        `304 Not Modified has no row: ${JSON.stringify(unchanged)}`);
    const changed = await api.retrieve({ collection: 'contacts', key: id, select: ['jobtitle'], ifnonematch: etag });
    assert.equal(changed.jobtitle, 'First', 'an old etag in If-None-Match gets the row');

    assert.equal(await api.deleteRecord({ collection: 'contacts', key: id, ifmatch: second['@odata.etag'] }), true);
});

test('retrieveMultiple pages with maxPageSize and @odata.nextLink', async () => {
    const ids = [];
    for (let i = 0; i < 12; i++)
        ids.push(await api.create({ collection: 'contacts', data: { firstname: `P${String(i).padStart(2, '0')}`, lastname: 'Paged' } }));

    const request = { collection: 'contacts', select: ['contactid', 'firstname'], filter: "lastname eq 'Paged'",
        orderBy: ['firstname asc'], maxPageSize: 5 };
    const pages = [];
    const seen = [];
    let next;
    do {
        const page = await api.retrieveMultiple(request, next);
        pages.push(page.value.length);
        seen.push(...page.value.map((r) => r.firstname));
        next = page.oDataNextLink;
    } while (next);
    assert.deepEqual(pages, [5, 5, 2]);
    assert.deepEqual(seen, ids.map((_, i) => `P${String(i).padStart(2, '0')}`), 'every row once, in $orderby order');

    const all = await api.retrieveAll(request);
    assert.equal(all.value.length, 12);
    const counted = await api.retrieveMultiple({ ...request, count: true });
    assert.equal(counted['@odata.count'] ?? counted.oDataCount, 12);
});

test('change tracking: odata.track-changes gives a deltaLink; it answers new, changed and deleted rows', async () => {
    const keep = await api.create({ collection: 'accounts', data: { name: 'Delta Keep' } });
    const change = await api.create({ collection: 'accounts', data: { name: 'Delta Change' } });
    const drop = await api.create({ collection: 'accounts', data: { name: 'Delta Drop' } });
    const request = { collection: 'accounts', select: ['accountid', 'name'], trackChanges: true };

    // The initial sync pages too: a nextLink on every page but the last, which carries the deltaLink.
    const firstPage = await api.retrieveMultiple({ ...request, maxPageSize: 2 });
    assert.equal(firstPage.value.length, 2);
    assert.ok(firstPage.oDataNextLink, 'a nextLink while rows remain');
    assert.equal(firstPage.oDataDeltaLink, undefined, 'no deltaLink before the last page');
    const initial = await api.retrieveAll({ ...request, maxPageSize: 2 });
    const names = initial.value.map((r) => r.name);
    for (const n of ['Delta Keep', 'Delta Change', 'Delta Drop'])
        assert.ok(names.includes(n), `initial sync lists ${n}`);
    const deltaLink = initial.oDataDeltaLink;
    assert.ok(deltaLink && deltaLink.includes('$deltatoken='), `a deltaLink after the last page: ${deltaLink}`);

    await api.update({ collection: 'accounts', key: change, data: { name: 'Delta Changed' } });
    await api.deleteRecord({ collection: 'accounts', key: drop });
    const added = await api.create({ collection: 'accounts', data: { name: 'Delta Added' } });

    const delta = await api.retrieveMultiple(request, deltaLink);
    const rows = delta.value.filter((r) => !r['@odata.context']?.includes('$deletedEntity'));
    const deleted = delta.value.filter((r) => r['@odata.context']?.includes('$deletedEntity'));
    assert.deepEqual(rows.map((r) => r.accountid).sort(), [change, added].sort(), 'new and changed rows, nothing else');
    assert.equal(rows.find((r) => r.accountid === change).name, 'Delta Changed');
    assert.deepEqual(deleted.map((r) => r.id), [drop], 'the delete as a $deletedEntity with its id');
    assert.equal(deleted[0].reason, 'deleted');
    assert.ok(!delta.value.some((r) => r.accountid === keep), 'an unchanged row is not repeated');
    assert.ok(delta.oDataDeltaLink && delta.oDataDeltaLink !== deltaLink, 'a new deltaLink');

    const quiet = await api.retrieveMultiple(request, delta.oDataDeltaLink);
    assert.deepEqual(quiet.value, [], 'nothing changed since');

    // An expired token (ExpireChangeTrackingInDays passed) fails with ExpiredVersionStamp: resync in full.
    await sandbox.admin('POST', '/sandbox/dataverse/changetracking/expire', {});
    await assert.rejects(strict.retrieveMultiple(request, quiet.oDataDeltaLink), (e) => {
        assert.equal(e.code, '0x80044352', `ExpiredVersionStamp, got ${e.status} ${e.code}: ${e.message}`);
        return true;
    });
});

test('$batch: a change set creates a contact and a task bound to it by Content-ID', async () => {
    api.startBatch();
    api.create({ collection: 'contacts', data: { firstname: 'Batch', lastname: 'Contact' }, contentId: '1' });
    api.create({ collection: 'tasks', data: { subject: 'Follow up', 'regardingobjectid_contact_task@odata.bind': '$1' } });
    api.retrieveMultiple({ collection: 'contacts', select: ['contactid'], filter: "lastname eq 'Contact'" });
    const [contactId, taskId, listed] = await api.executeBatch();
    assert.match(contactId, GUID);
    assert.match(taskId, GUID);
    assert.deepEqual(listed.value.map((r) => r.contactid), [contactId], 'a GET after the change set sees it');
    const task = await api.retrieve({ collection: 'tasks', key: taskId, select: ['subject', '_regardingobjectid_value'] });
    assert.equal(task.subject, 'Follow up');
    assert.equal(task._regardingobjectid_value, contactId);
});

test('$batch: a change set is atomic, one failure undoes the rest', async () => {
    const missing = '00000000-0000-4000-8000-00000000dead';
    api.startBatch();
    api.create({ collection: 'contacts', data: { lastname: 'Atomic' } });
    api.update({ collection: 'contacts', key: missing, data: { lastname: 'Nobody' } });
    // Dataverse answers 200 with the failed change set's one error; the library hands it back in place.
    const results = await api.executeBatch();
    assert.equal(results.length, 1, `only the failing request answers: ${JSON.stringify(results)}`);
    assert.ok(results[0] instanceof Error, 'the answer is an error');
    assert.equal(results[0].status, 404);
    const left = await api.retrieveMultiple({ collection: 'contacts', select: ['contactid'], filter: "lastname eq 'Atomic'" });
    assert.deepEqual(left.value, [], 'the create in the failed change set was rolled back');
});

test('lookups: @odata.bind with the single-table navigation property, refused by a multi-table column name', async () => {
    const account = await api.create({ collection: 'accounts', data: { name: 'Contoso' } });
    const id = await api.create({ collection: 'contacts',
        data: { lastname: 'Bound', 'parentcustomerid_account@odata.bind': `/accounts(${account})` } });
    const read = await api.retrieve({ collection: 'contacts', key: id, select: ['_parentcustomerid_value'] });
    assert.equal(read._parentcustomerid_value, account);

    // Rebind by update, then clear it.
    const other = await api.create({ collection: 'accounts', data: { name: 'Fabrikam' } });
    await api.update({ collection: 'contacts', key: id, data: { 'parentcustomerid_account@odata.bind': `/accounts(${other})` } });
    assert.equal((await api.retrieve({ collection: 'contacts', key: id, select: ['_parentcustomerid_value'] }))._parentcustomerid_value, other);

    // Prefer: odata.include-annotations="*": the library folds lookup annotations and formatted
    // values into _LogicalName / _NavigationProperty / _Formatted companions.
    const me = await api.callFunction('WhoAmI');
    const annotated = await api.retrieve({ collection: 'contacts', key: id, includeAnnotations: '*',
        select: ['_parentcustomerid_value', '_ownerid_value'] });
    assert.equal(annotated._parentcustomerid_value_LogicalName, 'account');
    assert.equal(annotated._parentcustomerid_value_NavigationProperty, 'parentcustomerid_account');
    assert.equal(annotated._parentcustomerid_value_Formatted, 'Fabrikam', 'the related row\'s name');
    assert.equal(annotated._ownerid_value, me.UserId, 'a new row belongs to its creator');
    assert.equal(annotated._ownerid_value_LogicalName, 'systemuser');

    // parentcustomerid is a customer (account or contact) lookup: its plain name binds nothing.
    await rejectsWithStatus(strict.create({ collection: 'contacts',
        data: { lastname: 'Unbound', 'parentcustomerid@odata.bind': `/accounts(${account})` } }), 400);
});

test('activities: a task and an appointment with its parties', async (t) => {
    const me = await api.callFunction('WhoAmI');
    const contact = await api.create({ collection: 'contacts', data: { firstname: 'Grace', lastname: 'Hopper',
        emailaddress1: 'grace@example.com' } });

    const taskId = await api.create({ collection: 'tasks', data: {
        subject: 'Send the quote', description: 'Before Friday', scheduledend: '2026-03-06T17:00:00Z', prioritycode: 2,
        'regardingobjectid_contact_task@odata.bind': `/contacts(${contact})`,
    } });
    const task = await api.retrieve({ collection: 'tasks', key: taskId,
        select: ['subject', 'description', 'scheduledend', 'prioritycode', 'statecode', 'statuscode', '_regardingobjectid_value'] });
    assert.equal(task.subject, 'Send the quote');
    assert.equal(task.description, 'Before Friday');
    assert.equal(Date.parse(task.scheduledend), Date.parse('2026-03-06T17:00:00Z'));
    assert.equal(task.prioritycode, 2);
    assert.equal(task.statecode, 0, 'a new task is Open (reference/entities/task.md)');
    assert.equal(task.statuscode, 2, 'with its default status, Not Started');
    assert.equal(task._regardingobjectid_value, contact);

    const appointmentId = await api.create({ collection: 'appointments', data: {
        subject: 'Engine review', location: 'Room 1',
        scheduledstart: '2026-03-03T10:00:00Z', scheduledend: '2026-03-03T11:00:00Z',
        appointment_activity_parties: [
            { participationtypemask: 7, 'partyid_systemuser@odata.bind': `/systemusers(${me.UserId})` },   // organizer
            { participationtypemask: 5, 'partyid_contact@odata.bind': `/contacts(${contact})` },            // required
        ],
    } });
    const appointment = await api.retrieve({ collection: 'appointments', key: appointmentId,
        select: ['subject', 'location', 'scheduledstart', 'scheduledend', 'statecode', 'statuscode'],
        expand: [{ property: 'appointment_activity_parties', select: ['participationtypemask', '_partyid_value'] }] });
    assert.equal(appointment.subject, 'Engine review');
    assert.equal(appointment.location, 'Room 1');
    assert.equal(appointment.statecode, 3, 'a new appointment is Scheduled (reference/entities/appointment.md)');
    assert.equal(appointment.statuscode, 5, 'with its default status, Busy');
    assert.equal(Date.parse(appointment.scheduledstart), Date.parse('2026-03-03T10:00:00Z'));
    assert.equal(Date.parse(appointment.scheduledend), Date.parse('2026-03-03T11:00:00Z'));
    const parties = appointment.appointment_activity_parties.map((p) => `${p.participationtypemask}:${p._partyid_value}`).sort();
    assert.deepEqual(parties, [`5:${contact}`, `7:${me.UserId}`].sort());

    // Both are activities: one ActivityPointer row each, listed through activitypointers.
    await expectGap(t, 'dataverse.activitypointers-entity-set', async () => {
        const pointers = await strict.retrieveMultiple({ collection: 'activitypointers',
            select: ['activityid', 'activitytypecode'], filter: `activityid eq ${taskId} or activityid eq ${appointmentId}` });
        assert.deepEqual(pointers.value.map((p) => `${p.activitytypecode}`).sort(), ['appointment', 'task']);
    });

    // A completed task is read-only until reopened (task.md: statecode 1 Completed, statuscode 5).
    await api.update({ collection: 'tasks', key: taskId, data: { statecode: 1, statuscode: 5 } });
    await assert.rejects(strict.update({ collection: 'tasks', key: taskId, data: { subject: 'Too late' } }), (e) => {
        assert.equal(e.code, '0x8004022e', `read-only, got ${e.status} ${e.code}: ${e.message}`);
        return true;
    });
    await api.update({ collection: 'tasks', key: taskId, data: { statecode: 0, statuscode: 2 } });
    await api.update({ collection: 'tasks', key: taskId, data: { subject: 'Reopened' } });
    assert.equal((await api.retrieve({ collection: 'tasks', key: taskId, select: ['subject'] })).subject, 'Reopened');

    await api.deleteRecord({ collection: 'appointments', key: appointmentId });
    await api.deleteRecord({ collection: 'tasks', key: taskId });
    await rejectsWithStatus(api.retrieve({ collection: 'tasks', key: taskId }), 404);
});
