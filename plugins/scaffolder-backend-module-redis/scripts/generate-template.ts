// Writes examples/templates/redis/template.yaml from the instance JSON Schema in redis-common.
import fs from 'fs';
import path from 'path';
import {
  redisTemplateYaml,
  TEMPLATE_PATH,
} from '../src/template/redisTemplate';

const target = path.resolve(__dirname, '../../..', TEMPLATE_PATH);
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, redisTemplateYaml());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
