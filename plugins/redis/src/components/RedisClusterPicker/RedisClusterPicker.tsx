// `ui:field: RedisClusterPicker`: the clusters the Kubernetes plugin knows, the only one preselected.
import {
  useApiHolder,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { kubernetesApiRef } from '@backstage/plugin-kubernetes-react';
import { Alert, Select, TextField } from '@backstage/ui';
import { useEffect } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { redisOrderFormTranslationRef } from '../RedisOrderField/translation';

export function RedisClusterPicker(
  props: FieldExtensionComponentProps<string>,
) {
  const { t } = useTranslationRef(redisOrderFormTranslationRef);
  const {
    formData,
    onChange,
    schema,
    required,
    disabled,
    readonly,
    rawErrors,
  } = props;
  const kubernetesApi = useApiHolder().get(kubernetesApiRef);
  const clusters = useAsync(
    async () => (kubernetesApi ? kubernetesApi.getClusters() : undefined),
    [kubernetesApi],
  );
  const names = clusters.value?.map(cluster => cluster.name);

  useEffect(() => {
    if (!formData && names?.length === 1) onChange(names[0]);
  }, [formData, names, onChange]);

  const label = schema.title ?? 'Cluster';
  const errors = rawErrors ?? [];
  const common = {
    label,
    description: schema.description,
    isRequired: required,
    isDisabled: disabled,
    isInvalid: errors.length > 0,
  };

  if (clusters.loading) {
    return (
      <Select
        {...common}
        isDisabled
        placeholder={t('clusterPicker.loading')}
        options={[]}
        value={null}
      />
    );
  }

  if (!names || names.length === 0) {
    let notice: string;
    if (!kubernetesApi) notice = t('clusterPicker.noApi');
    else if (clusters.error)
      notice = t('clusterPicker.unavailable', {
        message: clusters.error.message,
      });
    else notice = t('clusterPicker.noClusters');
    return (
      <div>
        <Alert status="warning" icon title={notice} />
        <TextField
          {...common}
          value={formData ?? ''}
          isReadOnly={readonly}
          validationBehavior="aria"
          onChange={value => onChange(value === '' ? undefined : value)}
        />
      </div>
    );
  }

  const options = clusters.value!.map(cluster => ({
    id: cluster.name,
    label: cluster.name,
    description: cluster.authProvider,
  }));
  // A prefilled name the portal does not know stays visible, so the validator's error has something to point at.
  if (formData && !names.includes(formData))
    options.push({
      id: formData,
      label: formData,
      description: t('clusterPicker.unknown'),
    });
  return (
    <Select
      {...common}
      placeholder={t('clusterPicker.placeholder')}
      options={options}
      value={formData ?? null}
      onChange={value => {
        if (!readonly && typeof value === 'string') onChange(value);
      }}
    />
  );
}
