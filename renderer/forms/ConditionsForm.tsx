import { useState } from 'react';
import type { ConditionAnswer, ConditionInput } from '../../shared/templates/conditions';

/**
 * The national conditions of a plan (its assurance statements) or a return:
 * each confirmed Yes, or No with the explanation of why and what is being
 * done. Each condition is saved when its answer is chosen or its explanation
 * is left; nothing can be changed once the plan or return is locked.
 */
export function ConditionsForm({
  idPrefix,
  conditions,
  locked,
  onSave,
}: {
  idPrefix: string;
  conditions: readonly ConditionAnswer[];
  locked: boolean;
  onSave: (key: string, input: ConditionInput) => Promise<boolean>;
}) {
  return (
    <ol className="conditions">
      {conditions.map((c) => (
        <Condition key={c.key} idPrefix={idPrefix} condition={c} locked={locked} onSave={onSave} />
      ))}
    </ol>
  );
}

function Condition({
  idPrefix,
  condition: c,
  locked,
  onSave,
}: {
  idPrefix: string;
  condition: ConditionAnswer;
  locked: boolean;
  onSave: (key: string, input: ConditionInput) => Promise<boolean>;
}) {
  const [explanation, setExplanation] = useState(c.explanation);
  const id = `${idPrefix}-${c.key}`;
  const save = (input: ConditionInput) => void onSave(c.key, input);
  return (
    <li className="condition">
      <p id={`${id}-text`}>{c.text}</p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-answer`}>Confirmed?</label>
          <select
            id={`${id}-answer`}
            value={c.answer}
            disabled={locked}
            aria-describedby={`${id}-text`}
            onChange={(e) => save({ answer: e.target.value as ConditionInput['answer'], explanation })}
          >
            <option value="">(not answered)</option>
            <option value="Yes">Yes</option>
            <option value="No">No</option>
          </select>
        </div>
        <div className="field wide">
          <label htmlFor={`${id}-explanation`}>If No: why, and what is being done</label>
          <textarea
            id={`${id}-explanation`}
            rows={2}
            value={explanation}
            disabled={locked}
            onChange={(e) => setExplanation(e.target.value)}
            onBlur={() => explanation !== c.explanation && save({ answer: c.answer, explanation })}
          />
        </div>
      </div>
    </li>
  );
}
