// A temperature typed by hand, in tenths of a degree within the range the form accepts: the
// guard's manual reading and the simulator's own reading. The form checks the range itself
// (the browser's check is off: the forms are noValidate) and says what is wrong in its words.
interface CelsiusFieldProps {
  label: string;
  range: { min: number; max: number };
  value: string;
  testId: string;
  onChange: (value: string) => void;
}

export function CelsiusField({ label, range, value, testId, onChange }: CelsiusFieldProps) {
  return (
    <label>
      <span>{label}</span>
      <input
        type="number"
        inputMode="decimal"
        min={range.min}
        max={range.max}
        step="0.1"
        value={value}
        data-testid={testId}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}
