// French texts of the engine: refusals (their codes are these keys), warnings and vocabulary.
export default {
  placeholder: 'placeholder',
};
