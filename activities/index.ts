export {
  createRecordingActivities,
  type RecordingActivities,
  type TransitionRecord,
} from './recording.activities';
export {
  createNotificationActivities,
  type NotificationActivities,
  type NotificationInput,
  signWebhookBody,
} from './notification.activities';
