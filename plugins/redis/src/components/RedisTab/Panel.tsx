import { useId, type ReactNode } from 'react';
import { Card, CardBody, CardHeader, Flex, Text } from '@backstage/ui';
import {
  SectionError,
  type PageSectionName,
} from '../StatusStates/SectionError';

/** One titled part of the Redis tab, a landmark named by its heading. */
export function Panel(props: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <Card role="region" aria-labelledby={headingId} style={{ height: '100%' }}>
      <CardHeader>
        <Flex justify="between" align="center" gap="2">
          <Text as="h3" id={headingId} variant="title-x-small" weight="bold">
            {props.title}
          </Text>
          {props.actions}
        </Flex>
      </CardHeader>
      <CardBody>
        <Flex direction="column" gap="3">
          {props.children}
        </Flex>
      </CardBody>
    </Card>
  );
}

/** A panel whose section of the status failed upstream: its title, and why. */
export function SectionErrorPanel(props: {
  title: string;
  section: PageSectionName;
  message: string;
}) {
  return (
    <Panel title={props.title}>
      <SectionError section={props.section} message={props.message} />
    </Panel>
  );
}
