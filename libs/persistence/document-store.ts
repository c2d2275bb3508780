import type { DataSource, EntityManager } from 'typeorm';
import { DocumentRow, DocumentSchema } from './schema/document.schema';

export type DocumentMetadata = Omit<DocumentRow, 'content'>;
export type NewDocument = Omit<DocumentRow, 'createdAt'>;

/** Documents of pathways (bilans, comptes-rendus), kept in PostgreSQL with their SHA-256. */
export class DocumentStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, document: NewDocument): Promise<void> {
    await manager.getRepository(DocumentSchema).insert(document);
  }

  /** Removes a document the pathway refused: nothing refers to it. */
  async discard(id: string): Promise<void> {
    await this.dataSource.getRepository(DocumentSchema).delete({ id });
  }

  async metadata(id: string): Promise<DocumentMetadata | undefined> {
    return (await this.dataSource.getRepository(DocumentSchema).findOneBy({ id })) ?? undefined;
  }

  async withContent(id: string): Promise<DocumentRow | undefined> {
    const row = await this.dataSource
      .getRepository(DocumentSchema)
      .createQueryBuilder('d')
      .addSelect('d.content')
      .where('d.id = :id', { id })
      .getOne();
    return row ?? undefined;
  }

  async forPathway(pathwayId: string): Promise<DocumentMetadata[]> {
    return this.dataSource
      .getRepository(DocumentSchema)
      .find({ where: { pathwayId }, order: { createdAt: 'ASC' } });
  }
}
