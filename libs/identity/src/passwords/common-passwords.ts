/**
 * The most used passwords of published breach corpora and of Chinese sites (lowercase), refused
 * whatever the length policy says; long keyboard walks and number runs are among them.
 */
export const COMMON_PASSWORDS: readonly string[] = [
  '123456', '123456789', '12345678', 'password', 'qwerty', '12345', '1234567', '111111', '123123', '1234567890',
  'abc123', '000000', '1234', 'iloveyou', 'password1', 'qwerty123', 'dragon', 'monkey', 'letmein', 'football',
  'admin', 'welcome', 'login', 'master', 'sunshine', 'princess', 'shadow', 'superman', 'trustno1', 'baseball',
  '654321', '666666', '888888', '121212', '112233', '123321', '7777777', '987654321', 'qwertyuiop', 'asdfghjkl',
  'zxcvbnm', '1q2w3e4r', '1qaz2wsx', 'qazwsx', 'a123456', 'a12345678', 'aa123456', 'abc123456', 'woaini', 'woaini1314',
  '5201314', '1314520', '520520', 'iloveyou1314', 'qq123456', 'q1w2e3r4', 'zxcvbnm123', 'asd123', 'asd123456', 'wang123456',
  'password123', 'password1234', 'password12345', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'p@ssw0rd123', 'admin123', 'admin1234', 'admin12345',
  'admin123456', 'administrator', 'root', 'toor', 'changeme', 'welcome1', 'welcome123', 'welcome1234', 'letmein123', 'qwerty12345',
  'qwerty123456', 'qwertyuiop123', 'qwertyuiopasdf', 'asdfghjkl123', 'zaq12wsx', '1qaz2wsx3edc', '1qaz@wsx', '1qaz@wsx3edc', '1q2w3e4r5t', '1q2w3e4r5t6y',
  '1q2w3e4r5t6y7u', 'q1w2e3r4t5y6', '123qweasdzxc', 'qweasdzxc', 'qweasdzxc123', '123qwe', '123qwe123', 'qwe123', 'qwe123456', '123abc',
  '123456abc', 'abcd1234', 'abcdef', 'abcdefg', 'abcdefgh', 'abcdefghijkl', 'abcd12345678', '11111111', '111111111111', '000000000000',
  '123456789012', '1234567890123', '12345678910', '123456789a', '123456789q', '1234567890q', '1234567890qwerty', '0987654321', '147258369', '159753',
  '159357', '147852369', '741852963', '258456', '1472583690', 'iloveyou123', 'iloveyou1234', 'loveyou', 'lovely', 'love1314',
  'ilovechina', 'china123', 'china123456', 'beijing', 'beijing123', 'shanghai', 'zhongguo', 'woaini520', 'woaiwojia', 'nihao123',
  'football123', 'baseball123', 'princess123', 'sunshine123', 'monkey123', 'dragon123', 'master123', 'shadow123', 'superman123', 'batman123',
  'starwars', 'whatever', 'freedom', 'michael', 'jennifer', 'jordan23', 'hunter2', 'hello123', 'hello1234', 'helloworld',
  'helloworld123', 'computer', 'computer123', 'internet', 'secret', 'secret123', 'security', 'default', 'guest', 'test123',
  'test1234', 'testing123', 'qazwsxedc', 'qazwsxedcrfv', 'qazwsx123', 'zxcvbn', 'asdfasdf', 'asdf1234', 'qwerasdf', 'qwer1234',
  'qwerty1234', 'mypassword', 'mypassword1', 'yourpassword', 'passpass', 'password!', 'password1!', 'changeme123', 'government', 'tongban123',
];
