export {
  createRecordingActivities,
  type RecordingActivities,
  type TransitionRecord,
} from './recording.activities';
