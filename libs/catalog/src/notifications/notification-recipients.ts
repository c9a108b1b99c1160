import type { DomainEvent } from '@tongban/runtime';

/** Who an in-app notification is for: a member of staff, a department's queue, or an applicant (by ID number or credit code). */
export interface Recipient {
  kind: 'user' | 'department' | 'applicant';
  id: string;
}

/** The notifications one event makes: a title per recipient. */
export function notificationsOf(event: DomainEvent): Array<{ recipient: Recipient; title: string }> {
  const applicant = (title: string) => {
    const code = (event.data as { applicantCode?: string }).applicantCode;
    return code ? [{ recipient: { kind: 'applicant' as const, id: code }, title }] : [];
  };
  const departments = (list: Array<string | null | undefined>, title: string) =>
    [...new Set(list.filter((d): d is string => !!d))].map((id) => ({ recipient: { kind: 'department' as const, id }, title }));
  switch (event.type) {
    case 'application.accepted': {
      const d = event.data as DomainEvent<'application.accepted'>['data'];
      return [...applicant('您的办件已受理'), ...departments(d.departments, '新办件已受理，请及时办理')];
    }
    case 'correction.requested':
      return applicant('您的办件需要补正材料，请查看一次性告知');
    case 'item.decided': {
      const d = event.data as DomainEvent<'item.decided'>['data'];
      return applicant(d.decision === 'approve' ? '您的事项已审批通过' : d.decision === 'reject' ? '您的事项未予批准' : '您的事项已办理');
    }
    case 'item.terminated':
      return applicant('您的事项已终止办理，请查看办理意见');
    case 'certificate.issued':
      return applicant('您的电子证照已签发');
    case 'case.finished':
      return applicant('您的办件已办结，欢迎评价');
    case 'rating.received': {
      const d = event.data as DomainEvent<'rating.received'>['data'];
      return d.poor ? departments(d.departments, '收到差评，请在时限内回访整改') : [];
    }
    case 'clock.warning': {
      const d = event.data as DomainEvent<'clock.warning'>['data'];
      // a case's own clock is for supervision (history, webhook); a task's or an item's tells its department
      if (d.scope === 'case') return [];
      const what = d.scope === 'item' ? '事项' : '办件';
      return departments([d.department], d.level === 'overdue' ? `${what}已超期` : d.level === 'red' ? `${what}临近超期（红色预警）` : `${what}临近时限（黄色预警）`);
    }
    case 'task.urged': {
      const d = event.data as DomainEvent<'task.urged'>['data'];
      return d.assignee ? [{ recipient: { kind: 'user', id: d.assignee }, title: '待办被催办' }] : departments([d.department], '待办被催办');
    }
  }
  return [];
}
