import { uniqueKey } from '../support/test-app';
import { screenshot, seriousViolations, useWebUi } from './browser';

/**
 * The decision-table editor (dmn-js) in headless Chromium against the real api: a designer creates a
 * 秒办 table, edits a rule, deploys it as a `.dmn` resource and tries it out with the evaluate API.
 */
jest.setTimeout(180_000);

describe('decision tables in the browser', () => {
  const { app, api, ui } = useWebUi();

  it('a designer edits a rule of a new decision table, deploys it and sees the evaluation of the deployed rule', async () => {
    // given: the decisions page with a new table whose pass rule reads ">= 60"
    const key = uniqueKey('score-check');
    const page = await ui.signIn('designer');
    await page.click('[data-page=decisions]');
    await page.waitForSelector('input[name=decisionKey]');
    expect(await seriousViolations(page)).toEqual([]);
    await page.fill('input[name=decisionKey]', key);
    await page.fill('input[name=decisionName]', '分数审核');
    await page.click('[data-action=new-decision]');
    const cell = (rule: string) => `[data-testid=dmn-editor] td[data-element-id="${key}-rule-${rule}-score"]`;
    await page.waitForSelector(cell('pass'));

    // when: the threshold of both rules is moved from 60 to 50 in the table and the table deployed
    for (const [rule, text] of [['pass', '>= 50'], ['fail', '< 50']]) {
      await page.click(`${cell(rule)} [contenteditable]`);
      await page.keyboard.press('Control+A');
      await page.keyboard.type(text);
      await page.click('#decision-editor-title');
      expect((await page.textContent(cell(rule)))?.trim()).toBe(text);
    }
    await screenshot(page, 'decisions-edited');
    await page.click('[data-action=deploy-decision]');
    await page.waitForSelector('.decision-message');

    // then: the deployed decision carries the edited rule
    const detail = await app.http.get(`/api/v1/decisions/${key}`).set('Authorization', await api.as('designer'));
    expect(detail.status).toBe(200);
    expect(detail.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(detail.body.xml).toContain('&gt;= 50');
    expect(detail.body.xml).toContain('&lt; 50');
    await page.waitForSelector(`[data-decision="${key}"]`);

    // when: a score between the old and the new threshold is tried out
    await page.fill('textarea[name=variables]', '{"score": 55}');
    await page.click('[data-action=evaluate-decision]');

    // then: the edited rule matched and the result shows
    const shown = await page.waitForSelector('[data-testid=evaluation-value], .decision-error');
    expect(await shown.textContent()).toBe('true');
    expect(await page.textContent('[data-testid=evaluation]')).toContain(`${key}-rule-pass`);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'decisions-evaluated');

    // when: the decision is opened again from the list
    await page.click(`[data-decision="${key}"]`);

    // then: the deployed table is back in the editor
    await page.waitForFunction((selector) => document.querySelector(selector)?.textContent?.trim() === '>= 50', cell('pass'));
    expect(ui.pageErrors(page)).toEqual([]);
    await page.context().close();
  });
});
