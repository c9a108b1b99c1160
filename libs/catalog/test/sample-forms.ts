/** Valid merged-form data for the shipped bundles, as an applicant would submit it. */

export const RESTAURANT_FORM = {
  'company.name': '上海小笼包餐饮有限公司',
  'company.creditCode': '91110108551385082Q',
  'company.legalRepresentative': '王小明',
  'premises.address': '上海市黄浦区南京东路100号',
  'premises.areaM2': 120,
  'food.categories': ['热食类', '冷食类'],
  'food.hasColdDishes': true,
  'applicant.name': '王小明',
  'applicant.phone': '13800138000',
  'signboard.text': '小笼包',
  'signboard.areaM2': 6,
  'fire.seats': 60,
};

export const MOTHER_ID = '11010519491231002X';
export const FATHER_ID = '440524188001010014';
export const BABY_ID = '310104202611200028';

export const BABY_FORM = {
  'baby.name': '李小宝',
  'baby.birthDate': '2026-11-20',
  'baby.gender': '女',
  'baby.idNumber': BABY_ID,
  'mother.idNumber': MOTHER_ID,
  'father.idNumber': FATHER_ID,
  'applicant.name': '张丽',
  'applicant.phone': '13900139000',
  'household.address': '上海市徐汇区漕溪北路1号',
  'bank.account': '6222020200112233445',
};
