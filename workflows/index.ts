export { applicationWorkflow } from './application.workflow';
export { calendarWatchWorkflow } from './calendar-watch.workflow';
