#pragma once

// Generated from types.xsd (Exchange 2016 level): the xs:sequence order of each item type,
// which every rendered item must follow.

namespace Liaison::SandboxEwsSchema {

inline constexpr const char *kItemTypeOrder =
    "MimeContent ItemId ParentFolderId ItemClass Subject Sensitivity Body Attachments "
    "DateTimeReceived Size Categories Importance InReplyTo IsSubmitted IsDraft IsFromMe "
    "IsResend IsUnmodified InternetMessageHeaders DateTimeSent DateTimeCreated ResponseObjects "
    "ReminderDueBy ReminderIsSet ReminderNextTime ReminderMinutesBeforeStart DisplayCc "
    "DisplayTo DisplayBcc HasAttachments ExtendedProperty Culture EffectiveRights "
    "LastModifiedName LastModifiedTime IsAssociated WebClientReadFormQueryString "
    "WebClientEditFormQueryString ConversationId UniqueBody Flag StoreEntryId InstanceKey "
    "NormalizedBody EntityExtractionResult PolicyTag ArchiveTag RetentionDate Preview "
    "RightsManagementLicenseData PredictedActionReasons IsClutter BlockStatus HasBlockedImages "
    "TextBody IconIndex SearchKey SortKey Hashtags Mentions MentionedMe MentionsPreview "
    "MentionsEx AppliedHashtags AppliedHashtagsPreview Likes LikesPreview "
    "PendingSocialActivityTagIds AtAllMention CanDelete InferenceClassification";

inline constexpr const char *kContactItemTypeOrder =
    "FileAs FileAsMapping DisplayName GivenName Initials MiddleName Nickname CompleteName "
    "CompanyName EmailAddresses AbchEmailAddresses PhysicalAddresses PhoneNumbers "
    "AssistantName Birthday BusinessHomePage Children Companies ContactSource Department "
    "Generation ImAddresses JobTitle Manager Mileage OfficeLocation PostalAddressIndex "
    "Profession SpouseName Surname WeddingAnniversary HasPicture PhoneticFullName "
    "PhoneticFirstName PhoneticLastName Alias Notes Photo UserSMIMECertificate "
    "MSExchangeCertificate DirectoryId ManagerMailbox DirectReports AccountName "
    "IsAutoUpdateDisabled IsMessengerEnabled Comment ContactShortId ContactType Gender "
    "IsHidden ObjectId PassportId IsPrivate SourceId TrustLevel CreatedBy Urls Cid "
    "SkypeAuthCertificate SkypeContext SkypeId SkypeRelationship YomiNickname XboxLiveTag "
    "InviteFree HidePresenceAndProfile IsPendingOutbound SupportGroupFeeds UserTileHash "
    "UnifiedInbox Mris Wlid AbchContactId NotInBirthdayCalendar ShellContactType ImMri "
    "PresenceTrustLevel OtherMri ProfileLastChanged MobileIMEnabled "
    "PartnerNetworkProfilePhotoUrl PartnerNetworkThumbnailPhotoUrl PersonId ConversationGuid";

inline constexpr const char *kCalendarItemTypeOrder =
    "UID RecurrenceId DateTimeStamp Start End OriginalStart IsAllDayEvent LegacyFreeBusyStatus "
    "Location When IsMeeting IsCancelled IsRecurring MeetingRequestWasSent IsResponseRequested "
    "CalendarItemType MyResponseType Organizer RequiredAttendees OptionalAttendees Resources "
    "InboxReminders ConflictingMeetingCount AdjacentMeetingCount ConflictingMeetings "
    "AdjacentMeetings Duration TimeZone AppointmentReplyTime AppointmentSequenceNumber "
    "AppointmentState Recurrence FirstOccurrence LastOccurrence ModifiedOccurrences "
    "DeletedOccurrences MeetingTimeZone StartTimeZone EndTimeZone ConferenceType "
    "AllowNewTimeProposal IsOnlineMeeting MeetingWorkspaceUrl NetShowUrl EnhancedLocation "
    "StartWallClock EndWallClock StartTimeZoneId EndTimeZoneId IntendedFreeBusyStatus "
    "JoinOnlineMeetingUrl OnlineMeetingSettings IsOrganizer CalendarActivityData "
    "DoNotForwardMeeting";

inline constexpr const char *kMessageTypeOrder =
    "Sender ToRecipients CcRecipients BccRecipients IsReadReceiptRequested IsDeliveryReceiptRequested "
    "ConversationIndex ConversationTopic From InternetMessageId IsRead IsResponseRequested References "
    "ReplyTo ReceivedBy ReceivedRepresenting ApprovalRequestData VotingInformation ReminderMessageData "
    "MessageSafety SenderSMTPAddress MailboxGuids PublishedCalendarItemIcs PublishedCalendarItemName";

inline constexpr const char *kTaskTypeOrder =
    "ActualWork AssignedTime BillingInformation ChangeCount Companies CompleteDate Contacts "
    "DelegationState Delegator DueDate IsAssignmentEditable IsComplete IsRecurring IsTeamTask "
    "Mileage Owner PercentComplete Recurrence StartDate Status StatusDescription TotalWork";

} // namespace Liaison::SandboxEwsSchema
