'use strict';
// The EWS sandbox judged by ews-javascript-api, a port of Microsoft's EWS Managed API: every
// operation the engine uses (create, bind, update with change keys, delete, FindItem paging,
// SyncFolderItems paging, Liaison's extended property, CalendarView, batches), read and written
// by a SOAP stack nobody here wrote.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startSandbox, requirePeer } = require('./lib/sandbox');
const ews = requirePeer('ews-javascript-api');

// Liaison's MAPI named property (core/mailbox/ews/ewsxml.h: liaisonPropertySetId, crmIdPropertyName).
const LIAISON_PROPERTY_SET = '6b0a3e52-7f4c-4d1e-9a57-2c8e61d4b0a9';
const crmIdProperty = new ews.ExtendedPropertyDefinition(new ews.Guid(LIAISON_PROPERTY_SET), 'CrmId',
    ews.MapiPropertyType.String);

let sandbox;

before(async () => {
    sandbox = await startSandbox();
});

after(async () => {
    if (sandbox)
        assert.deepEqual(await sandbox.stop(), { code: 0, signal: null }, 'liaison-sandbox stops cleanly on SIGTERM');
});

// A fresh, empty mailbox per test, reached as the service account impersonating it (as the engine does).
let mailboxCount = 0;
async function mailbox() {
    const smtp = `peer${++mailboxCount}@contoso.test`;
    await sandbox.admin('POST', '/sandbox/ews/seed', {
        mailboxes: [{ smtp, displayName: `Peer ${mailboxCount}`, contacts: 0, events: 0, tasks: 0 }],
    });
    const service = new ews.ExchangeService(ews.ExchangeVersion.Exchange2013_SP1);
    service.Credentials = new ews.WebCredentials(sandbox.ewsAccount, sandbox.ewsPassword);
    service.Url = new ews.Uri(sandbox.ewsUrl);
    service.ImpersonatedUserId = new ews.ImpersonatedUserId(ews.ConnectingIdType.SmtpAddress, smtp);
    return service;
}

const utc = (iso) => new ews.DateTime(Date.parse(iso));
const sameInstant = (dateTime, iso) => assert.equal(dateTime.ToISOString().replace(/\.000Z$/, 'Z'), iso);
// The EWS response code of a rejected call (ServiceResponseException carries the ServiceError name).
async function rejectsWith(promise, code) {
    await assert.rejects(promise, (e) => {
        const got = e.ErrorCode !== undefined ? ews.ServiceError[e.ErrorCode] : undefined;
        assert.equal(got, code, `expected ${code}, got ${got ?? e}`);
        return true;
    });
}

function contact(service, given, surname) {
    const c = new ews.Contact(service);
    c.GivenName = given;
    c.Surname = surname;
    c.FileAs = `${surname}, ${given}`;
    return c;
}

test('contact: create, bind with a property set, update with change keys, delete', async () => {
    const service = await mailbox();
    const c = contact(service, 'Ada', 'Lovelace');
    c.CompanyName = 'Analytical Engines Ltd';
    c.JobTitle = 'Mathematician';
    c.EmailAddresses._setItem(ews.EmailAddressKey.EmailAddress1, new ews.EmailAddress('ada@example.com'));
    c.PhoneNumbers._setItem(ews.PhoneNumberKey.BusinessPhone, '+44 20 7946 0000');
    await c.Save(ews.WellKnownFolderName.Contacts);
    assert.ok(c.Id.UniqueId, 'CreateItem returned an ItemId');
    assert.ok(c.Id.ChangeKey, 'CreateItem returned a ChangeKey');

    const props = new ews.PropertySet(ews.BasePropertySet.FirstClassProperties);
    const read = await ews.Contact.Bind(service, new ews.ItemId(c.Id.UniqueId), props);
    assert.equal(read.GivenName, 'Ada');
    assert.equal(read.Surname, 'Lovelace');
    assert.equal(read.CompanyName, 'Analytical Engines Ltd');
    assert.equal(read.JobTitle, 'Mathematician');
    assert.equal(read.EmailAddresses._getItem(ews.EmailAddressKey.EmailAddress1).Address, 'ada@example.com');
    assert.equal(read.PhoneNumbers._getItem(ews.PhoneNumberKey.BusinessPhone), '+44 20 7946 0000');
    assert.equal(read.Id.ChangeKey, c.Id.ChangeKey);

    // Two copies of the same version; the first update wins and changes the key.
    const stale = await ews.Contact.Bind(service, c.Id, props);
    read.JobTitle = 'Countess';
    await read.Update(ews.ConflictResolutionMode.NeverOverwrite);
    assert.notEqual(read.Id.ChangeKey, stale.Id.ChangeKey, 'an update changes the ChangeKey');

    // NeverOverwrite with the old key is refused (updateitem.md: ErrorIrresolvableConflict) ...
    stale.JobTitle = 'Engineer';
    await rejectsWith(stale.Update(ews.ConflictResolutionMode.NeverOverwrite), 'ErrorIrresolvableConflict');
    assert.equal((await ews.Contact.Bind(service, c.Id, props)).JobTitle, 'Countess');
    // ... AlwaysOverwrite with the old key goes through.
    await stale.Update(ews.ConflictResolutionMode.AlwaysOverwrite);
    const after = await ews.Contact.Bind(service, new ews.ItemId(c.Id.UniqueId), props);
    assert.equal(after.JobTitle, 'Engineer');
    assert.equal(after.Id.ChangeKey, stale.Id.ChangeKey, 'Update hands back the new ChangeKey');

    await after.Delete(ews.DeleteMode.HardDelete);
    await rejectsWith(ews.Contact.Bind(service, new ews.ItemId(c.Id.UniqueId)), 'ErrorItemNotFound');
});

test('delete to Deleted Items moves the contact; SyncFolderItems sees it leave', async () => {
    const service = await mailbox();
    const folder = new ews.FolderId(ews.WellKnownFolderName.Contacts);
    const c = contact(service, 'Moved', 'Away');
    await c.Save(folder);
    const synced = await service.SyncFolderItems(folder, ews.PropertySet.IdOnly, null, 10,
        ews.SyncFolderItemsScope.NormalItems, null);
    assert.equal(synced.Count, 1);

    await c.Delete(ews.DeleteMode.MoveToDeletedItems);   // what Outlook's Delete does
    const next = await service.SyncFolderItems(folder, ews.PropertySet.IdOnly, null, 10,
        ews.SyncFolderItemsScope.NormalItems, synced.SyncState);
    assert.deepEqual(next.GetEnumerator().map((ch) => ch.ChangeType), [ews.ChangeType.Delete]);
    const trash = await service.FindItems(ews.WellKnownFolderName.DeletedItems, new ews.ItemView(10));
    assert.equal(trash.Items.length, 1, 'the contact now lies in Deleted Items');
    const moved = await ews.Contact.Bind(service, trash.Items[0].Id);
    assert.equal(moved.Surname, 'Away');
});

test('task: create, bind, update, delete', async () => {
    const service = await mailbox();
    const t = new ews.Task(service);
    t.Subject = 'Call Ada back';
    t.Body = new ews.MessageBody(ews.BodyType.Text, 'About the engine.');
    t.StartDate = utc('2026-03-02T09:00:00Z');
    t.DueDate = utc('2026-03-06T17:00:00Z');
    t.Importance = ews.Importance.High;
    await t.Save(ews.WellKnownFolderName.Tasks);

    const props = new ews.PropertySet(ews.BasePropertySet.FirstClassProperties);
    props.RequestedBodyType = ews.BodyType.Text;
    const read = await ews.Task.Bind(service, new ews.ItemId(t.Id.UniqueId), props);
    assert.equal(read.Subject, 'Call Ada back');
    assert.equal(read.Body.Text, 'About the engine.');
    assert.equal(read.Importance, ews.Importance.High);
    assert.equal(read.Status, ews.TaskStatus.NotStarted);
    assert.ok(read.DueDate, 'DueDate is read back');

    read.Subject = 'Call Ada back (again)';
    read.PercentComplete = 50;
    read.Status = ews.TaskStatus.InProgress;
    await read.Update(ews.ConflictResolutionMode.NeverOverwrite);
    const updated = await ews.Task.Bind(service, read.Id, props);
    assert.equal(updated.Subject, 'Call Ada back (again)');
    assert.equal(updated.PercentComplete, 50);
    assert.equal(updated.Status, ews.TaskStatus.InProgress);

    // Completing it sets PercentComplete, IsComplete and CompleteDate too (percentcomplete.md, completedate.md).
    updated.Status = ews.TaskStatus.Completed;
    await updated.Update(ews.ConflictResolutionMode.AlwaysOverwrite);
    const done = await ews.Task.Bind(service, read.Id, props);
    assert.equal(done.Status, ews.TaskStatus.Completed);
    assert.equal(done.PercentComplete, 100);
    assert.equal(done.IsComplete, true);
    assert.ok(done.CompleteDate, 'CompleteDate is set');

    // Task.Delete sends AffectedTaskOccurrences="AllOccurrences", as the Managed API does.
    await done.Delete(ews.DeleteMode.HardDelete);
    await rejectsWith(ews.Task.Bind(service, read.Id), 'ErrorItemNotFound');
});

test('calendar item: create (SendToNone), bind, update, delete', async () => {
    const service = await mailbox();
    const a = new ews.Appointment(service);
    a.Subject = 'Engine review';
    a.Location = 'Room 1';
    a.Body = new ews.MessageBody(ews.BodyType.Text, 'Agenda: the mill.');
    a.Start = utc('2026-03-03T10:00:00Z');
    a.End = utc('2026-03-03T11:00:00Z');
    await a.Save(ews.WellKnownFolderName.Calendar, ews.SendInvitationsMode.SendToNone);

    const props = new ews.PropertySet(ews.BasePropertySet.FirstClassProperties);
    props.RequestedBodyType = ews.BodyType.Text;
    const read = await ews.Appointment.Bind(service, new ews.ItemId(a.Id.UniqueId), props);
    assert.equal(read.Subject, 'Engine review');
    assert.equal(read.Location, 'Room 1');
    assert.equal(read.Body.Text, 'Agenda: the mill.');
    sameInstant(read.Start, '2026-03-03T10:00:00Z');
    sameInstant(read.End, '2026-03-03T11:00:00Z');
    assert.equal(read.IsAllDayEvent, false);

    read.Location = 'Room 2';
    read.Start = utc('2026-03-03T14:00:00Z');
    read.End = utc('2026-03-03T15:30:00Z');
    await read.Update(ews.ConflictResolutionMode.NeverOverwrite, ews.SendInvitationsOrCancellationsMode.SendToNone);
    const updated = await ews.Appointment.Bind(service, read.Id, props);
    assert.equal(updated.Location, 'Room 2');
    sameInstant(updated.Start, '2026-03-03T14:00:00Z');
    sameInstant(updated.End, '2026-03-03T15:30:00Z');

    await updated.Delete(ews.DeleteMode.HardDelete, ews.SendCancellationsMode.SendToNone);
    await rejectsWith(ews.Appointment.Bind(service, read.Id), 'ErrorItemNotFound');
});

test('extended property: Liaison\'s CrmId is written, read by path and found by restriction', async () => {
    const service = await mailbox();
    const tagged = contact(service, 'Grace', 'Hopper');
    tagged.SetExtendedProperty(crmIdProperty, 'crm-0001');
    await tagged.Save(ews.WellKnownFolderName.Contacts);
    await contact(service, 'Alan', 'Turing').Save(ews.WellKnownFolderName.Contacts);

    const withCrmId = new ews.PropertySet(ews.BasePropertySet.FirstClassProperties, [crmIdProperty]);
    const read = await ews.Contact.Bind(service, tagged.Id, withCrmId);
    assert.equal(read.ExtendedProperties.Count, 1);
    const prop = read.ExtendedProperties._getItem(0);
    assert.equal(prop.PropertyDefinition.PropertySetId.ToString().toLowerCase(), LIAISON_PROPERTY_SET);
    assert.equal(prop.PropertyDefinition.Name, 'CrmId');
    assert.equal(prop.Value, 'crm-0001');

    // Never in a base shape: Exchange returns an extended property only when its path is asked for
    // (properties-and-extended-properties-in-ews-in-exchange.md), so an engine must request its stamp.
    const unasked = await ews.Contact.Bind(service, tagged.Id, new ews.PropertySet(ews.BasePropertySet.FirstClassProperties));
    assert.equal(unasked.ExtendedProperties.Count, 0, 'AllProperties leaves extended properties out');

    // Updating the property keeps one value (SetItemField on an extended property).
    read.SetExtendedProperty(crmIdProperty, 'crm-0002');
    await read.Update(ews.ConflictResolutionMode.AlwaysOverwrite);
    const reread = await ews.Contact.Bind(service, tagged.Id, withCrmId);
    assert.equal(reread.ExtendedProperties.Count, 1);
    assert.equal(reread.ExtendedProperties._getItem(0).Value, 'crm-0002');

    // FindItem with an IsEqualTo restriction on the property finds the tagged contact only.
    const view = new ews.ItemView(10);
    view.PropertySet = new ews.PropertySet(ews.BasePropertySet.IdOnly, [crmIdProperty]);
    const found = await service.FindItems(ews.WellKnownFolderName.Contacts,
        new ews.SearchFilter.IsEqualTo(crmIdProperty, 'crm-0002'), view);
    assert.deepEqual(found.Items.map((i) => i.Id.UniqueId), [tagged.Id.UniqueId]);
    assert.equal(found.Items[0].ExtendedProperties._getItem(0).Value, 'crm-0002');

    // Removing it (DeleteItemField) leaves none.
    reread.RemoveExtendedProperty(crmIdProperty);
    await reread.Update(ews.ConflictResolutionMode.AlwaysOverwrite);
    assert.equal((await ews.Contact.Bind(service, tagged.Id, withCrmId)).ExtendedProperties.Count, 0);
});

test('batch: CreateItem of several contacts, tasks and calendar items; GetItem and DeleteItem of many', async () => {
    const service = await mailbox();
    const contacts = Array.from({ length: 6 }, (_, i) => contact(service, `Batch${i}`, 'Contact'));
    const created = await service.CreateItems(contacts, new ews.FolderId(ews.WellKnownFolderName.Contacts), null, null);
    assert.equal(created.Count, 6);
    assert.equal(created.OverallResult, ews.ServiceResult.Success);
    const ids = contacts.map((c) => c.Id.UniqueId);
    assert.equal(new Set(ids).size, 6, 'each created contact has its own ItemId');

    const tasks = Array.from({ length: 3 }, (_, i) => {
        const t = new ews.Task(service);
        t.Subject = `Batch task ${i}`;
        return t;
    });
    assert.equal((await service.CreateItems(tasks, new ews.FolderId(ews.WellKnownFolderName.Tasks), null, null))
        .OverallResult, ews.ServiceResult.Success);
    const events = Array.from({ length: 3 }, (_, i) => {
        const a = new ews.Appointment(service);
        a.Subject = `Batch event ${i}`;
        a.Start = utc(`2026-04-0${i + 1}T08:00:00Z`);
        a.End = utc(`2026-04-0${i + 1}T09:00:00Z`);
        return a;
    });
    assert.equal((await service.CreateItems(events, new ews.FolderId(ews.WellKnownFolderName.Calendar), null,
        ews.SendInvitationsMode.SendToNone)).OverallResult, ews.ServiceResult.Success);

    const got = await service.BindToItems(contacts.map((c) => c.Id), new ews.PropertySet(ews.BasePropertySet.FirstClassProperties));
    assert.equal(got.OverallResult, ews.ServiceResult.Success);
    assert.deepEqual(got.Responses.map((r) => r.Item.GivenName), contacts.map((c) => c.GivenName),
        'GetItem answers in request order');

    const deleted = await service.DeleteItems(contacts.slice(0, 4).map((c) => c.Id), ews.DeleteMode.HardDelete, null, null);
    assert.equal(deleted.Count, 4);
    assert.equal(deleted.OverallResult, ews.ServiceResult.Success);
    const left = await service.FindItems(ews.WellKnownFolderName.Contacts, new ews.ItemView(50));
    assert.deepEqual(left.Items.map((i) => i.Id.UniqueId).sort(), ids.slice(4).sort());

    // One bad id in a batch fails alone (per-item response messages).
    const mixed = await service.BindToItems([contacts[4].Id, contacts[0].Id], ews.PropertySet.IdOnly);
    assert.equal(mixed.OverallResult, ews.ServiceResult.Error);
    assert.equal(mixed.Responses[0].Result, ews.ServiceResult.Success);
    assert.equal(ews.ServiceError[mixed.Responses[1].ErrorCode], 'ErrorItemNotFound');
});

test('FindItem pages through a folder with IndexedPageItemView', async () => {
    const service = await mailbox();
    const contacts = Array.from({ length: 12 }, (_, i) => contact(service, `Page${String(i).padStart(2, '0')}`, 'Paged'));
    await service.CreateItems(contacts, new ews.FolderId(ews.WellKnownFolderName.Contacts), null, null);

    const seen = [];
    const pages = [];
    let offset = 0;
    for (;;) {
        const view = new ews.ItemView(5, offset);
        view.PropertySet = new ews.PropertySet(ews.BasePropertySet.IdOnly, [ews.ContactSchema.GivenName]);
        const page = await service.FindItems(ews.WellKnownFolderName.Contacts, view);
        assert.equal(page.TotalCount, 12);
        pages.push(page.Items.length);
        seen.push(...page.Items.map((i) => i.Id.UniqueId));
        if (!page.MoreAvailable)
            break;
        assert.equal(page.NextPageOffset, offset + page.Items.length);
        offset = page.NextPageOffset;
    }
    assert.deepEqual(pages, [5, 5, 2]);
    assert.deepEqual([...seen].sort(), contacts.map((c) => c.Id.UniqueId).sort(), 'every contact once');
});

test('SyncFolderItems pages with MaxChangesReturned and resumes from the sync state', async () => {
    const service = await mailbox();
    const folder = new ews.FolderId(ews.WellKnownFolderName.Contacts);
    const contacts = Array.from({ length: 7 }, (_, i) => contact(service, `Sync${i}`, 'Contact'));
    await service.CreateItems(contacts, folder, null, null);

    async function drain(syncState, max) {
        const changes = [];
        const pages = [];
        for (;;) {
            const page = await service.SyncFolderItems(folder, ews.PropertySet.FirstClassProperties, null, max,
                ews.SyncFolderItemsScope.NormalItems, syncState);
            assert.ok(page.SyncState, 'each page carries a sync state');
            pages.push(page.Count);
            changes.push(...page.GetEnumerator());
            syncState = page.SyncState;
            if (!page.MoreChangesAvailable)
                return { changes, pages, syncState };
        }
    }

    const first = await drain(null, 3);
    assert.deepEqual(first.pages, [3, 3, 1]);
    assert.ok(first.changes.every((c) => c.ChangeType === ews.ChangeType.Create));
    assert.deepEqual(first.changes.map((c) => c.Item.Id.UniqueId).sort(), contacts.map((c) => c.Id.UniqueId).sort());
    assert.ok(first.changes.every((c) => c.Item.GivenName.startsWith('Sync')), 'items come with their properties');

    // Nothing changed: an empty page, and the state still works.
    const idle = await drain(first.syncState, 3);
    assert.deepEqual(idle.pages, [0]);

    contacts[0].JobTitle = 'Changed';
    await contacts[0].Update(ews.ConflictResolutionMode.AlwaysOverwrite);
    await contacts[1].Delete(ews.DeleteMode.HardDelete);
    const added = contact(service, 'Sync', 'Added');
    await added.Save(folder);

    const next = await drain(idle.syncState, 3);
    const byType = (type) => next.changes.filter((c) => c.ChangeType === type).map((c) => c.ItemId.UniqueId);
    assert.deepEqual(byType(ews.ChangeType.Update), [contacts[0].Id.UniqueId]);
    assert.deepEqual(byType(ews.ChangeType.Delete), [contacts[1].Id.UniqueId]);
    assert.deepEqual(byType(ews.ChangeType.Create), [added.Id.UniqueId]);
    assert.equal(next.changes.length, 3);

    // An old sync state replays from where it was (Exchange keeps no cursor on the server).
    const replay = await drain(idle.syncState, 10);
    assert.equal(replay.changes.length, 3);
});

test('CalendarView expands a recurring series and keeps to its window', async () => {
    const service = await mailbox();
    const single = new ews.Appointment(service);
    single.Subject = 'Inside';
    single.Start = utc('2026-05-05T09:00:00Z');
    single.End = utc('2026-05-05T10:00:00Z');
    await single.Save(ews.WellKnownFolderName.Calendar, ews.SendInvitationsMode.SendToNone);
    const outside = new ews.Appointment(service);
    outside.Subject = 'Outside';
    outside.Start = utc('2026-06-20T09:00:00Z');
    outside.End = utc('2026-06-20T10:00:00Z');
    await outside.Save(ews.WellKnownFolderName.Calendar, ews.SendInvitationsMode.SendToNone);
    const weekly = new ews.Appointment(service);
    weekly.Subject = 'Weekly';
    weekly.Start = utc('2026-05-04T13:00:00Z');   // a Monday
    weekly.End = utc('2026-05-04T13:30:00Z');
    weekly.StartTimeZone = ews.TimeZoneInfo.Utc;
    weekly.EndTimeZone = ews.TimeZoneInfo.Utc;
    weekly.Recurrence = new ews.Recurrence.WeeklyPattern(weekly.Start.Date, 1, [ews.DayOfTheWeek.Monday]);
    weekly.Recurrence.NumberOfOccurrences = 4;
    await weekly.Save(ews.WellKnownFolderName.Calendar, ews.SendInvitationsMode.SendToNone);

    const view = new ews.CalendarView(utc('2026-05-01T00:00:00Z'), utc('2026-06-01T00:00:00Z'));
    view.PropertySet = new ews.PropertySet(ews.BasePropertySet.IdOnly, [ews.AppointmentSchema.Subject,
        ews.AppointmentSchema.Start, ews.AppointmentSchema.End, ews.AppointmentSchema.AppointmentType]);
    const found = await service.FindAppointments(ews.WellKnownFolderName.Calendar, view);
    const got = found.Items.map((a) => `${a.Subject} ${a.Start.ToISOString().slice(0, 16)}`).sort();
    assert.deepEqual(got, [
        'Inside 2026-05-05T09:00',
        'Weekly 2026-05-04T13:00',
        'Weekly 2026-05-11T13:00',
        'Weekly 2026-05-18T13:00',
        'Weekly 2026-05-25T13:00',
    ]);
    const types = found.Items.filter((a) => a.Subject === 'Weekly').map((a) => a.AppointmentType);
    assert.ok(types.every((t) => t === ews.AppointmentType.Occurrence), 'a CalendarView lists occurrences, not the master');
    assert.equal(found.Items.find((a) => a.Subject === 'Inside').AppointmentType, ews.AppointmentType.Single);

    // A short window holds part of the series.
    const narrow = await service.FindAppointments(ews.WellKnownFolderName.Calendar,
        new ews.CalendarView(utc('2026-05-10T00:00:00Z'), utc('2026-05-20T00:00:00Z')));
    assert.equal(narrow.Items.length, 2);
});
