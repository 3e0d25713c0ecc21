export { applicationWorkflow } from './application.workflow';
export { calendarWatchWorkflow } from './calendar-watch.workflow';
export { calendarCheckWorkflow } from './calendar-check.workflow';
export { yearEndWorkflow } from './year-end.workflow';
export { calendarPropagationWorkflow } from './calendar-propagation.workflow';
