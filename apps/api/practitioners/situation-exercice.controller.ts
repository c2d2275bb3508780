import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  DomainError,
  type SituationExercice,
  parisDay,
  situationBlockingReason,
  situationProblems,
  situationValidity,
} from '@app/domain';
import { Directory, SituationStore } from '@app/persistence';
import { CurrentPrincipal, type Principal, actorOf } from '../auth/principal';
import { uuidParam } from '../common/uuid-param';
import { SituationExerciceDto } from './situation-exercice.dto';

/**
 * A practitioner's situation of exercise: set at first connection, renewed
 * at most every three years; patient work waits for a valid one.
 */
@ApiTags('practitioners')
@Controller('practitioners/:id/situation-exercice')
export class SituationExerciceController {
  constructor(
    private readonly directory: Directory,
    private readonly situations: SituationStore,
  ) {}

  @Get()
  @ApiOperation({
    summary: "The practitioner's current situation of exercise and whether it allows patient work",
  })
  async get(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal) {
    const practitioner = await this.practitioner(id);
    const follows =
      principal.administrator ||
      (practitioner.cptsId !== null && principal.coordinatorOf.includes(practitioner.cptsId));
    if (principal.practitionerId !== id && !follows) {
      throw new DomainError(
        'forbidden',
        "a practitioner's situation is seen by themselves, their CPTS's coordinators and administrators",
      );
    }
    const current = await this.situations.current(id);
    return situationAnswer(current?.situation, current?.declaredAt);
  }

  @Put()
  @ApiOperation({
    summary: 'Declare the situation of exercise (a renewal or a correction is a new declaration)',
  })
  async declare(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: SituationExerciceDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    if (principal.practitionerId !== id) {
      throw new DomainError('forbidden', 'practitioners declare their own situation of exercise', [
        { field: 'id', problem: 'is not the practitioner of this session' },
      ]);
    }
    const practitioner = await this.practitioner(id);
    const situation: SituationExercice = {
      structure: {
        kind: dto.structure.kind,
        name: dto.structure.name,
        ...(dto.structure.idNat ? { idNat: dto.structure.idNat } : {}),
      },
      cadre: dto.cadre,
      salarie: dto.salarie,
      ...(dto.cptsId ? { cptsId: dto.cptsId } : {}),
      period: { from: dto.period.from, to: dto.period.to },
    };
    const problems = situationProblems(situation);
    if (dto.cptsId && dto.cptsId !== practitioner.cptsId) {
      problems.push({ field: 'cptsId', problem: 'the practitioner is not a member of this CPTS' });
    }
    if (problems.length > 0) throw DomainError.invalidFields(problems);
    const declared = await this.situations.declare(id, situation, actorOf(principal));
    return situationAnswer(declared.situation, declared.declaredAt);
  }

  private async practitioner(id: string) {
    const practitioner = await this.directory.practitioner(id);
    if (!practitioner) throw DomainError.notFound('practitioner', id);
    return practitioner;
  }
}

function situationAnswer(situation: SituationExercice | undefined, declaredAt: Date | undefined) {
  const validity = situationValidity(situation, parisDay(Date.now()));
  return {
    situation: situation ?? null,
    declaredAt: declaredAt?.toISOString() ?? null,
    validity,
    blockingReason: situationBlockingReason(validity) ?? null,
  };
}
