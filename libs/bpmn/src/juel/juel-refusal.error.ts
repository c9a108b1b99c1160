/** Why a Camunda 7 expression cannot run here: thrown by the lexer and parser, reported at deploy naming the construct. */
export class JuelRefusal extends Error {
  constructor(readonly construct: string) {
    super(construct);
    this.name = 'JuelRefusal';
  }
}
