import type { HolidayCalendar } from './working-days';

/**
 * Mainland China public holidays and make-up working days of 2026, as announced by the General
 * Office of the State Council on 4 November 2025 (国务院办公厅关于2026年部分节假日安排的通知).
 */
export const CN_MAINLAND_2026: HolidayCalendar = {
  name: 'cn-mainland-2026',
  utcOffsetMinutes: 480,
  holidays: [
    // 元旦 New Year's Day
    '2026-01-01', '2026-01-02', '2026-01-03',
    // 春节 Spring Festival
    '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
    // 清明节 Qingming
    '2026-04-04', '2026-04-05', '2026-04-06',
    // 劳动节 Labour Day
    '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05',
    // 端午节 Dragon Boat Festival
    '2026-06-19', '2026-06-20', '2026-06-21',
    // 中秋节 Mid-Autumn Festival
    '2026-09-25', '2026-09-26', '2026-09-27',
    // 国庆节 National Day
    '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};
