/** The reconciliation of the event log with the retained workflow histories (libs/domain/reconcile). */
import {
  type HistoryTransition,
  type TransitionFacts,
  canonicalJson,
  compareTransitions,
  describeDifference,
} from '../../libs/domain/reconcile';

const actor = '登记员 王敏（dengji）';
const log: TransitionFacts[] = [
  {
    seq: 1,
    type: 'registered',
    businessDate: '2024-03-01',
    actor,
    payload: { receivedOn: '2024-03-01', applicantType: 'natural_person' },
  },
  { seq: 2, type: 'accepted', businessDate: null, actor, payload: {} },
  {
    seq: 3,
    type: 'decision_drafted',
    businessDate: null,
    actor,
    payload: { outcome: 'disclosed', legalGround: '第三十六条' },
  },
];
const history = (runId = 'run-1', from = log): HistoryTransition[] =>
  from.map((t) => ({ ...t, runId, payload: JSON.parse(JSON.stringify(t.payload)) as unknown }));

describe('compareTransitions', () => {
  it('finds nothing when both sides agree, whatever the key order of a payload', () => {
    const h = history();
    h[0].payload = { applicantType: 'natural_person', receivedOn: '2024-03-01' };
    const c = compareTransitions(log, h);
    expect(c).toEqual({
      differences: [],
      historyPartlyRetained: false,
      firstRetainedSeq: 1,
      compared: 3,
      inFlight: 0,
    });
  });

  it('names the fields that differ', () => {
    const tampered = log.map((t) =>
      t.seq === 3
        ? { ...t, payload: { outcome: 'withheld.state_secret', legalGround: '第三十六条' }, actor: '某人' }
        : t,
    );
    const c = compareTransitions(tampered, history());
    expect(c.differences).toEqual([
      {
        kind: 'different',
        seq: 3,
        fields: ['actor', 'payload'],
        database: { actor: '某人', payload: { outcome: 'withheld.state_secret', legalGround: '第三十六条' } },
        history: { actor, payload: { outcome: 'disclosed', legalGround: '第三十六条' } },
        runId: 'run-1',
      },
    ]);
    expect(describeDifference(c.differences[0])).toContain('different actor, payload');
  });

  it('compares type and business date too', () => {
    const h = history();
    h[0] = { ...h[0], businessDate: '2024-03-02' };
    h[1] = { ...h[1], type: 'withdrawn' };
    const c = compareTransitions(log, h);
    expect(c.differences.map((d) => (d.kind === 'different' ? d.fields : d.kind))).toEqual([
      ['businessDate'],
      ['type'],
    ]);
  });

  it('reports a transition the log lacks, but not one still in flight', () => {
    const h = history();
    expect(compareTransitions(log.slice(0, 2), h).differences).toEqual([
      { kind: 'missing_in_database', seq: 3, type: 'decision_drafted', runId: 'run-1' },
    ]);
    h[2].pending = true;
    const c = compareTransitions(log.slice(0, 2), h);
    expect(c.differences).toEqual([]);
    expect(c.inFlight).toBe(1);
  });

  it('reports a logged transition no retained run holds, while the history is retained from seq 1', () => {
    const c = compareTransitions(log, history('run-1', log.slice(0, 2)));
    expect(c.differences).toEqual([{ kind: 'missing_in_history', seq: 3, type: 'decision_drafted' }]);
    // ...but not one logged after the history was read.
    expect(compareTransitions(log, history('run-1', log.slice(0, 2)), { upToSeq: 2 }).differences).toEqual(
      [],
    );
  });

  it('does not judge the start of the log when the first run is gone', () => {
    const c = compareTransitions(log, history('run-2', log.slice(2)));
    expect(c).toMatchObject({
      differences: [],
      historyPartlyRetained: true,
      firstRetainedSeq: 3,
      compared: 1,
    });
    const none = compareTransitions(log, []);
    expect(none).toMatchObject({ differences: [], historyPartlyRetained: true, firstRetainedSeq: null });
  });

  it('takes the last scheduling of a seq numbered again across runs (a refused recording)', () => {
    const h = [{ ...history('run-1')[2], type: 'refused_attempt', pending: false }, ...history('run-1')];
    expect(compareTransitions(log, h).differences).toEqual([]);
  });

  it('canonicalJson sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });
});
