/** A decision id as DMN allows it (an XML NCName without dots): a letter or `_`, then letters, digits, `-` and `_`. */
export const DECISION_KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/**
 * A new decision table `key`: one number input `score`, one boolean output `approved`, hit policy
 * UNIQUE and two rules to edit; a start for a 秒办 rule.
 */
export function newDecisionTable(key: string, name: string): string {
  const escaped = name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/" xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/" id="${key}-definitions" name="${escaped}" namespace="http://tongban.dev/decisions">
  <decision id="${key}" name="${escaped}">
    <decisionTable id="${key}-table" hitPolicy="UNIQUE">
      <input id="${key}-input-score" label="score">
        <inputExpression id="${key}-input-score-expression" typeRef="number"><text>score</text></inputExpression>
      </input>
      <output id="${key}-output-approved" name="approved" typeRef="boolean" />
      <rule id="${key}-rule-pass">
        <inputEntry id="${key}-rule-pass-score"><text>&gt;= 60</text></inputEntry>
        <outputEntry id="${key}-rule-pass-approved"><text>true</text></outputEntry>
      </rule>
      <rule id="${key}-rule-fail">
        <inputEntry id="${key}-rule-fail-score"><text>&lt; 60</text></inputEntry>
        <outputEntry id="${key}-rule-fail-approved"><text>false</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
  <dmndi:DMNDI>
    <dmndi:DMNDiagram id="${key}-diagram">
      <dmndi:DMNShape id="${key}-shape" dmnElementRef="${key}"><dc:Bounds height="80" width="180" x="160" y="100" /></dmndi:DMNShape>
    </dmndi:DMNDiagram>
  </dmndi:DMNDI>
</definitions>
`;
}
