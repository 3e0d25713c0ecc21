/**
 * Random application histories for the report's property and SQL tests: applicant types, receipts over
 * several years, conclusions (decisions with their timeliness, withdrawals, lapses), events that change
 * no figure, payloads the report must ignore, and reopened applications that conclude again later or
 * stay open. Each history is a list of events in seq order (seq = index + 1) and the facts a reader of
 * the history expects at its end.
 */
import { APPLICANT_TYPES, type ApplicantType } from '../../libs/domain/applicant';
import { type IsoDate, addDays } from '../../libs/domain/dates';
import { DRAFTABLE_OUTCOMES, type OutcomeCode } from '../../libs/domain/outcome';
import type { ApplicationFacts, RecordedEvent } from '../../libs/domain/report';

export interface HistoryEvent {
  type: string;
  businessDate: IsoDate | null;
  payload: Record<string, unknown>;
}

export interface RandomHistory {
  applicationId: string;
  applicantType: ApplicantType;
  receivedOn: IsoDate;
  events: HistoryEvent[];
  /** What the report should count at the end of the history. */
  expected: ApplicationFacts['conclusion'];
}

export interface HistoryOptions {
  /** First and last year of receipt. */
  fromYear: number;
  toYear: number;
  /** The id of the i-th application. */
  id?: (i: number) => string;
}

export function randomHistories(random: () => number, count: number, o: HistoryOptions): RandomHistory[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const int = (n: number) => Math.floor(random() * n);
  const span = Math.round((Date.UTC(o.toYear, 11, 31) - Date.UTC(o.fromYear, 0, 1)) / 86_400_000) + 1;
  const histories: RandomHistory[] = [];
  for (let i = 0; i < count; i++) {
    const applicationId = o.id ? o.id(i) : `app-${i}`;
    // Most applications from natural persons, as in real reports; every type appears.
    const applicantType = random() < 0.5 ? 'natural_person' : pick(APPLICANT_TYPES);
    const receivedOn = addDays(`${o.fromYear}-01-01`, int(span));
    const events: HistoryEvent[] = [
      { type: 'registered', businessDate: receivedOn, payload: { applicantType, receivedOn } },
      { type: 'accepted', businessDate: receivedOn, payload: {} },
    ];
    let expected: ApplicationFacts['conclusion'] = null;
    let day = receivedOn;
    const later = (max: number) => (day = addDays(day, int(max)));
    const conclude = () => {
      const r = random();
      let conclusion: NonNullable<ApplicationFacts['conclusion']>;
      let event: HistoryEvent;
      if (r < 0.7) {
        const outcome: OutcomeCode = pick(DRAFTABLE_OUTCOMES);
        const concludedOn = later(60);
        const workingDaysTaken = int(45);
        const timeliness = {
          dueOn: addDays(day, 10 - int(20)),
          onTime: workingDaysTaken <= 20,
          workingDaysTaken,
        };
        conclusion = { outcome, concludedOn, timeliness };
        event = {
          type: 'decision_delivered',
          businessDate: concludedOn,
          payload: { deliveredOn: concludedOn, deliveryMethod: 'in_person', conclusion },
        };
      } else if (r < 0.85) {
        const concludedOn = later(30);
        conclusion = { outcome: 'other.other', concludedOn, timeliness: null };
        event = {
          type: 'withdrawn',
          businessDate: concludedOn,
          payload: {
            withdrawnOn: concludedOn,
            reason: null,
            conclusion: { outcome: 'other.other', concludedOn },
          },
        };
      } else {
        const concludedOn = later(90);
        conclusion = { outcome: 'other.supplement_overdue', concludedOn, timeliness: null };
        event = {
          type: 'supplement_lapsed',
          businessDate: concludedOn,
          payload: { conclusion: { outcome: 'other.supplement_overdue', concludedOn } },
        };
      }
      events.push(event);
      expected = conclusion;
    };
    for (let episode = 0; episode < 3; episode++) {
      // Work that changes no figure, and a payload the report must not take for a conclusion.
      for (let k = int(3); k > 0; k--)
        events.push({ type: 'supplement_requested', businessDate: later(10), payload: { dueOn: day } });
      if (random() < 0.1)
        events.push({
          type: 'decision_drafted',
          businessDate: later(5),
          payload: { outcome: 'disclosed', conclusion: { outcome: 'no_such_outcome', concludedOn: day } },
        });
      if (random() < 0.12) break; // left open
      conclude();
      if (random() < 0.75) break; // concluded for good
      // Reopened (a corrected result of a review, say): open again until it concludes anew, if ever;
      // now and then the reopening carries the new conclusion itself.
      if (random() < 0.15) {
        const concludedOn = later(40);
        const conclusion = { outcome: pick(DRAFTABLE_OUTCOMES), concludedOn, timeliness: null };
        events.push({ type: 'reopened', businessDate: concludedOn, payload: { reopened: true, conclusion } });
        expected = conclusion;
        break;
      }
      events.push({
        type: 'reopened',
        businessDate: later(200),
        payload: { reopened: true, reason: '复议纠正' },
      });
      expected = null;
    }
    histories.push({ applicationId, applicantType, receivedOn, events, expected });
  }
  return histories;
}

/** The histories as the report reads them from the event log. */
export function recordedEvents(histories: readonly RandomHistory[]): RecordedEvent[] {
  return histories.flatMap((h) =>
    h.events.map((e, i) => ({ applicationId: h.applicationId, seq: i + 1, ...e })),
  );
}
