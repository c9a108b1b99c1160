import { DuplicateJobParticipantError, JobCompletionParticipants, type JobCompletionParticipant } from './job-completion.participant';

function participant(jobType: string): JobCompletionParticipant {
  return { jobType, onJobCompleted: async () => undefined };
}

describe('JobCompletionParticipants', () => {
  it('finds the participant of a job type and none for other types', () => {
    // given
    const participants = new JobCompletionParticipants();
    const issuer = participant('tongban.certificate.issue');

    // when
    participants.register(issuer);

    // then
    expect(participants.of('tongban.certificate.issue')).toBe(issuer);
    expect(participants.of('police.verify-identity')).toBeUndefined();
  });

  it('refuses a second participant of the same job type', () => {
    // given
    const participants = new JobCompletionParticipants();
    participants.register(participant('tongban.certificate.issue'));

    // when
    const registerAgain = () => participants.register(participant('tongban.certificate.issue'));

    // then
    expect(registerAgain).toThrow(DuplicateJobParticipantError);
  });
});
