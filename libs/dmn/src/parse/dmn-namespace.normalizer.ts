/** The DMN namespaces Camunda Modeler writes for DMN 1.1 and 1.2, and the DMN 1.3 ones dmn-moddle reads. */
const OLDER_NAMESPACES: Array<[string, string]> = [
  ['http://www.omg.org/spec/DMN/20151101/dmn.xsd', 'https://www.omg.org/spec/DMN/20191111/MODEL/'],
  ['http://www.omg.org/spec/DMN/20180521/MODEL/', 'https://www.omg.org/spec/DMN/20191111/MODEL/'],
  ['http://www.omg.org/spec/DMN/20180521/DMNDI/', 'https://www.omg.org/spec/DMN/20191111/DMNDI/'],
];

/** The document with DMN 1.1 / 1.2 namespace declarations read as DMN 1.3 (the table elements are the same). */
export function asDmn13(xml: string): string {
  let out = xml;
  for (const [older, current] of OLDER_NAMESPACES) out = out.split(`"${older}"`).join(`"${current}"`);
  return out;
}
